import assert from "node:assert/strict";
import { canOpen, homeArea, resolveRoute } from "../../ui/common/routes.ts";
import { detectLanguage, setLanguage, t } from "../../ui/common/i18n.ts";
import { backoffDelay } from "../../ui/common/events_controller.ts";

Deno.test("each role lands on its own area after sign-in", () => {
  assert.equal(homeArea("agent"), "agent");
  assert.equal(homeArea("team_lead"), "supervisor");
  assert.equal(homeArea("supervisor"), "supervisor");
  assert.equal(homeArea("qa"), "supervisor");
  assert.equal(homeArea("admin"), "admin");
});

Deno.test("agents open only the agent desktop; admins open every area", () => {
  assert.equal(canOpen("agent", "agent"), true);
  assert.equal(canOpen("agent", "supervisor"), false);
  assert.equal(canOpen("agent", "admin"), false);
  assert.equal(canOpen("supervisor", "agent"), true);
  assert.equal(canOpen("supervisor", "admin"), false);
  assert.equal(canOpen("agent", "reports"), false);
  assert.equal(canOpen("team_lead", "reports"), true);
  for (const area of ["agent", "supervisor", "reports", "admin"] as const) {
    assert.equal(canOpen("admin", area), true);
  }
});

Deno.test("paths resolve to routes, forgiving trailing slashes and case", () => {
  assert.deepEqual(resolveRoute("/"), { kind: "home" });
  assert.deepEqual(resolveRoute("/login"), { kind: "login" });
  assert.deepEqual(resolveRoute("/Agent/"), { kind: "area", area: "agent" });
  assert.deepEqual(resolveRoute("/reports/"), { kind: "area", area: "reports" });
  assert.deepEqual(resolveRoute("/nowhere"), { kind: "not_found", path: "/nowhere" });
});

Deno.test("the language is the stored choice, else the browser's, else English", () => {
  assert.equal(detectLanguage("zh-CN", ["en-US"]), "zh-CN");
  assert.equal(detectLanguage(null, ["zh-TW", "en"]), "zh-CN");
  assert.equal(detectLanguage("klingon", ["fr-FR", "en-GB"]), "en");
  assert.equal(detectLanguage(null, ["fr-FR"]), "en");
});

Deno.test("messages come from the chosen language's catalog", () => {
  setLanguage("en", { persist: false });
  const english = t("app.name");
  setLanguage("zh-CN", { persist: false });
  assert.equal(t("app.name"), "呼叫中心");
  assert.notEqual(english, t("app.name"));
  setLanguage("en", { persist: false });
});

Deno.test("reconnect delays double up to the cap, with at most 25 % jitter taken off", () => {
  assert.equal(backoffDelay(0, 1000, 30_000, () => 0), 1000);
  assert.equal(backoffDelay(3, 1000, 30_000, () => 0), 8000);
  assert.equal(backoffDelay(10, 1000, 30_000, () => 0), 30_000);
  assert.equal(backoffDelay(10, 1000, 30_000, () => 1), 22_500);
});

Deno.test("a TV link's path keeps its case-sensitive token; anything else under /tv is not found", () => {
  const token = "AbC_def-0123456789xyzXYZ";
  assert.deepEqual(resolveRoute(`/tv/${token}`), { kind: "tv", token });
  assert.deepEqual(resolveRoute(`/tv/${token}/`), { kind: "tv", token });
  assert.equal(resolveRoute("/tv/short").kind, "not_found");
  assert.equal(resolveRoute(`/tv/${token}/more`).kind, "not_found");
});

Deno.test("call flows have addresses under the administration; other admin sub-paths are not found", () => {
  assert.deepEqual(resolveRoute("/admin/flows"), { kind: "area", area: "admin", rest: "flows" });
  assert.deepEqual(resolveRoute("/admin/flows/12/"), {
    kind: "area",
    area: "admin",
    rest: "flows/12",
  });
  assert.equal(resolveRoute("/admin/flows/abc").kind, "not_found");
  assert.equal(resolveRoute("/admin/users").kind, "not_found");
});

Deno.test("the replication screen has an address, where an admin signed in to a standby lands", () => {
  assert.deepEqual(resolveRoute("/admin/replication"), {
    kind: "area",
    area: "admin",
    rest: "replication",
  });
});

Deno.test("the desk's customer, case and work pages have addresses of their own", () => {
  assert.deepEqual(resolveRoute("/agent/cases/12"), {
    kind: "area",
    area: "agent",
    rest: "cases/12",
  });
  assert.deepEqual(resolveRoute("/agent/customers/3/"), {
    kind: "area",
    area: "agent",
    rest: "customers/3",
  });
  assert.deepEqual(resolveRoute("/agent/work"), { kind: "area", area: "agent", rest: "work" });
  assert.equal(resolveRoute("/agent/cases/x").kind, "not_found");
});
