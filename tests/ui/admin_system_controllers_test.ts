import assert from "node:assert/strict";
import { ApiError } from "../../ui/common/api_client.ts";
import { setLanguage } from "../../ui/common/i18n.ts";
import { ApiTokensController } from "../../ui/admin/api_tokens_controller.ts";
import { BackupScheduleController } from "../../ui/admin/backup_schedule_controller.ts";
import { RestoreController } from "../../ui/admin/restore_controller.ts";
import { SystemFiguresController } from "../../ui/admin/system_figures_controller.ts";

const host = () => ({
  updates: 0,
  addController() {},
  removeController() {},
  requestUpdate() {
    this.updates++;
  },
  updateComplete: Promise.resolve(true),
});

const refusal = (issues: unknown[]) =>
  new ApiError(400, "invalid_request", "Invalid request body", { issues });

const PENDING = {
  name: "offsite.tar",
  requested_by: "admin",
  requested_at: "2026-05-01T02:00:00.000Z",
  summary: { kind: "archive", schema_version: 13, files: 3, sealed: 2, keys: [1] },
};

Deno.test("an uploaded backup reports its progress, then checking, then waits for the restart", async () => {
  const phases: string[] = [];
  const h = host();
  const restore = new RestoreController(h, {
    request: <T>() => Promise.resolve({ pending: null, last: null } as T),
    uploadWithProgress: <T>(path: string, _file: Blob, progress: (sent: number) => void) => {
      assert.equal(path, "/backups/restore/upload?file_name=offsite%20copy.tar");
      progress(0.5);
      phases.push(`${restore.phase} ${restore.progress}`);
      progress(1);
      phases.push(restore.phase);
      return Promise.resolve({ pending: PENDING } as T);
    },
  });
  assert.equal(await restore.restoreFile(new File(["x"], "offsite copy.tar")), true);
  assert.deepEqual(phases, ["uploading 0.5", "checking"]);
  assert.equal(restore.phase, "idle");
  assert.equal(restore.pending?.name, "offsite.tar");
});

Deno.test("a refused backup keeps the form, with the server's reason, and nothing pending", async () => {
  const restore = new RestoreController(host(), {
    request: <T>() =>
      Promise.reject(
        new ApiError(422, "backup_refused", "old.tar lacks recording key 2"),
      ) as Promise<T>,
    uploadWithProgress: () => Promise.reject(new Error("not used")),
  });
  assert.equal(await restore.restoreStored("old.tar"), false);
  assert.equal(restore.refusal, "old.tar lacks recording key 2");
  assert.equal(restore.pending, null);
  assert.equal(restore.phase, "idle");
});

Deno.test("the schedule's refused values come back under their fields", async () => {
  const schedule = new BackupScheduleController(host(), {
    request: <T>() =>
      Promise.reject(refusal([
        { path: "time", message: "use a time of day such as 02:30", code: "invalid_format" },
        { path: "keep", message: "keep at least one backup", code: "too_small", minimum: 1 },
      ])) as Promise<T>,
  });
  setLanguage("en", { persist: false });
  const errors = await schedule.save({ enabled: true, time: "25:00", keep: 0 });
  assert.deepEqual(errors, {
    time: "Use a time of day such as 02:30.",
    keep: "Keep at least one backup.",
  });
});

Deno.test("a refused certificate is explained in the admin's language from its reason", async () => {
  const figures = new SystemFiguresController(host(), {
    request: <T>() =>
      Promise.reject(refusal([{
        path: "key",
        message: "This key does not belong to the certificate",
        code: "custom",
        reason: "mismatch",
      }])) as Promise<T>,
  });
  setLanguage("zh-CN", { persist: false });
  assert.deepEqual(await figures.installCertificate("c", "k"), {
    errors: { key: "此私钥与证书不匹配。" },
  });
  setLanguage("en", { persist: false });
});

Deno.test("one figure that fails to load leaves the others shown", async () => {
  const figures = new SystemFiguresController(host(), {
    request: <T>(_m: string, path: string) =>
      path === "/sip/stats"
        ? Promise.reject(new ApiError(503, "x", "down")) as Promise<T>
        : Promise.resolve(
          (path === "/system"
            ? { disk: { path: "/data" }, warnings: [], thread_priority: {} }
            : { live_calls: 2 }) as T,
        ),
  });
  await figures.load();
  assert.equal(figures.system?.disk.path, "/data");
  assert.equal(figures.media?.live_calls, 2);
  assert.equal(figures.sip, null);
  assert.equal(figures.error, null);
});

Deno.test("a new token's secret is held until dismissed, and a revoke reloads the list", async () => {
  const sent: string[] = [];
  let tokens = [{ id: 1, name: "wallboard", created_at: "2026-05-01", last_used_at: null }];
  const h = host();
  const controller = new ApiTokensController(h, {
    request: <T>(method: string, path: string, body?: unknown) => {
      sent.push(`${method} ${path}${body ? ` ${JSON.stringify(body)}` : ""}`);
      if (method === "POST") {
        return Promise.resolve({ id: 2, name: "crm", token: "cc_secret" } as T);
      }
      if (method === "DELETE") tokens = [];
      return Promise.resolve({ tokens } as T);
    },
  });
  assert.equal(await controller.create("crm"), null);
  assert.deepEqual(controller.created, { name: "crm", token: "cc_secret" });
  controller.dismissSecret();
  assert.equal(controller.created, null);
  await controller.revoke(1);
  assert.deepEqual(controller.tokens, []);
  assert.deepEqual(sent, [
    'POST /auth/tokens {"name":"crm"}',
    "GET /auth/tokens",
    "DELETE /auth/tokens/1",
    "GET /auth/tokens",
  ]);
});
