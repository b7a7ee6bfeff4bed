import type { Hono } from "hono";
import type { AppEnv } from "./env.ts";
import { ServedFile, type UiAsset } from "./served_file.ts";

export type UiAssets = Record<string, UiAsset>;

/**
 * Serves the bundled UI from the assets embedded in the program. Any path that is not
 * an asset or the API gets the page shell, so client-side routes survive a reload.
 * Its Content-Security-Policy comes with every answer from `securityHeaders`.
 */
export function mountUi(app: Hono<AppEnv>, assets: UiAssets): void {
  const files = new Map(Object.entries(assets).map(([path, a]) => [path, new ServedFile(a)]));
  const index = files.get("/index.html");
  // "no-cache" revalidates: a browser holding this build's copy gets a 304 by its ETag.
  const headers = { "Cache-Control": "no-cache" };
  app.get("/assets/*", (c) => {
    const file = files.get(c.req.path);
    if (!file) return c.text("Not found", 404);
    return file.respond(c.req.raw.headers, headers);
  });
  app.get("*", (c) => {
    if (!index) return c.text("The UI was not bundled; run `deno task bundle`", 503);
    return index.respond(c.req.raw.headers, headers);
  });
}
