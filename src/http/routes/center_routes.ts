import { z } from "zod";
import { ROLE_GROUPS } from "../../auth/mod.ts";
import { isTimeZone } from "../../clock/mod.ts";
import type { Settings } from "../../db/mod.ts";
import { route, type RouteTarget } from "../route.ts";
import { readJson } from "../validate.ts";

export const CenterSchema = z.object({
  name: z.string().trim().min(1, "a center needs a name").max(100),
  timezone: z.string().refine(isTimeZone, "use an IANA time zone such as Asia/Shanghai"),
  language: z.enum(["en", "zh-CN"]),
}).strict();
export type Center = z.infer<typeof CenterSchema>;

const KEYS = { name: "center.name", timezone: "center.timezone", language: "center.language" };

/** The center as a whole: its name, time zone and default language, kept in `settings`. */
export function mountCenterRoutes(target: RouteTarget, settings: Settings): void {
  const read = () => ({
    name: settings.get(KEYS.name) ?? "",
    timezone: settings.get(KEYS.timezone) ?? "Asia/Shanghai",
    language: settings.get(KEYS.language) ?? "zh-CN",
    configured: settings.get(KEYS.name) !== undefined,
  });

  route(target, {
    method: "get",
    path: "/center",
    summary: "The center's name, time zone and default language (configured: set at least once)",
    tag: "system",
    access: ROLE_GROUPS.anyone,
  }, (c) => c.json({ center: read() }));

  route(target, {
    method: "put",
    path: "/center",
    summary: "Name the center and set its time zone and default language",
    tag: "system",
    access: ROLE_GROUPS.admins,
    body: CenterSchema,
  }, async (c) => {
    const center = await readJson(c, CenterSchema);
    settings.set(KEYS.name, center.name);
    settings.set(KEYS.timezone, center.timezone);
    settings.set(KEYS.language, center.language);
    c.set("audit", { entity: "center", details: center });
    return c.json({ center: read() });
  });
}
