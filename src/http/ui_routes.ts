import type { Hono } from "hono";
import type { AppEnv } from "./env.ts";

export type UiAssets = Record<string, { contentType: string; body: string }>;

/**
 * Serves the bundled UI from the assets embedded in the program. Any path that is not
 * an asset or the API gets the page shell, so client-side routes survive a reload.
 * Its Content-Security-Policy comes with every answer from `securityHeaders`.
 */
export function mountUi(app: Hono<AppEnv>, assets: UiAssets): void {
  const index = assets["/index.html"];
  app.get("/assets/*", (c) => {
    const asset = assets[c.req.path];
    if (!asset) return c.text("Not found", 404);
    c.header("Content-Type", asset.contentType);
    c.header("Cache-Control", "no-cache");
    return c.body(asset.body);
  });
  app.get("*", (c) => {
    if (!index) return c.text("The UI was not bundled; run `deno task bundle`", 503);
    c.header("Content-Type", index.contentType);
    c.header("Cache-Control", "no-cache");
    return c.body(index.body);
  });
}
