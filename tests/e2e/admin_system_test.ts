import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import type { Page } from "playwright-core";
import { Appliance } from "../../src/appliance.ts";
import { loadConfig } from "../../src/config/mod.ts";
import { selfSignedCertificate } from "../../src/http/tls.ts";
import { createLogger, RecentLines } from "../../src/log/mod.ts";
import { ARTIFACTS, launchChromium } from "../support/browser.ts";
import { hasPeer } from "../support/peers.ts";

const ADMIN_PASSWORD = "admin-secret-1";

async function openSection(page: Page, section: string) {
  await page.click(`[data-testid="admin-nav"] button[data-section="${section}"]`);
}

/** What the admin sees first on the open screen at 1366×768. */
async function topScreenshot(page: Page, name: string) {
  await page.evaluate(() => globalThis.scrollTo(0, 0));
  await page.screenshot({ path: `${ARTIFACTS}/admin_system_${name}.png` });
}

/** HTTPS answers with a certificate that only `caCert` vouches for. */
async function httpsTrusts(port: number, caCert: string): Promise<boolean> {
  const client = Deno.createHttpClient({ caCerts: [caCert] });
  try {
    const response = await fetch(`https://localhost:${port}/api/v1/health`, { client });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  } finally {
    client.close();
  }
}

Deno.test({
  name:
    "an admin schedules and restores backups, installs a certificate, reads the system figures and manages API tokens in the page",
  ignore: !hasPeer("chromium"),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "cc-admin-system-" });
    const recentLog = new RecentLines();
    const log = createLogger("admin-system-test", {
      level: "warn",
      sink: () => {},
      recent: recentLog,
    });
    const appliance = await Appliance.start({
      config: loadConfig({
        data: dir,
        bind: "127.0.0.1",
        "http-port": "0",
        "https-port": "0",
        demo: true,
        "admin-password": ADMIN_PASSWORD,
        "demo-password": "demo-pass",
      }, {}),
      log,
      recentLog,
      announce: () => {},
    });
    log.child("sip").warn("trunk pbx1 stopped answering OPTIONS", { trunk: "pbx1" });
    const browser = await launchChromium();
    try {
      const context = await browser.newContext({
        viewport: { width: 1366, height: 768 },
        locale: "en-US",
      });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      page.on("dialog", (d) => void d.accept());
      const base = `http://127.0.0.1:${appliance.httpPort}`;
      await page.goto(`${base}/login`);
      await page.fill('input[name="username"]', "admin");
      await page.fill('input[name="password"]', ADMIN_PASSWORD);
      await page.click('button[type="submit"]');
      await page.waitForURL(/\/admin$/);

      // Backups: the schedule refuses a bad value at its field, then takes a good one.
      await openSection(page, "backups");
      const schedule = page.locator('[data-testid="backup-schedule"]');
      await schedule.locator('input[name="enabled"]').check();
      await schedule.locator('input[name="keep"]').fill("0");
      await schedule.locator('[data-testid="schedule-save"]').click();
      await schedule.locator('[data-testid="error-keep"]').waitFor();
      await schedule.locator('input[name="keep"]').fill("7");
      await schedule.locator('input[name="time"]').fill("03:30");
      await schedule.locator('[data-testid="schedule-save"]').click();
      await page.locator('[data-testid="schedule-next"]', { hasText: "Next backup" }).waitFor();
      assert.equal(appliance.parts.backupSchedule.get().keep, 7);

      await page.click('[data-testid="backup-now"]');
      await page.locator('[data-testid="admin-backups"] [data-testid="list"] a').first().waitFor();

      // A file that is no backup is refused at the field; a stored backup is accepted.
      const restore = page.locator('[data-testid="backup-restore"]');
      await restore.locator('[data-testid="restore-file"]').setInputFiles({
        name: "holiday-photos.tar",
        mimeType: "application/x-tar",
        buffer: Buffer.from("not a backup ".repeat(100)),
      });
      await restore.locator('[data-testid="restore-submit"]').click();
      await restore.locator('[data-testid="restore-error"]', { hasText: "holiday-photos.tar" })
        .waitFor();
      await restore.locator('[data-testid="restore-file"]').setInputFiles([]);
      const stored = appliance.parts.backups.list()[0].name;
      await restore.locator('select[name="stored"]').selectOption(stored);
      await restore.locator('[data-testid="restore-submit"]').click();
      await restore.locator('[data-testid="restore-pending"]', { hasText: "restart" }).waitFor();
      assert.equal(appliance.parts.restores.pending()?.name, stored);
      await restore.screenshot({ path: `${ARTIFACTS}/admin_system_restore_pending_en.png` });
      await topScreenshot(page, "backups_en");
      await restore.locator('[data-testid="restore-cancel"]').click();
      await restore.locator('[data-testid="restore-submit"]').waitFor();
      assert.equal(appliance.parts.restores.pending(), null);

      // System: figures, the warning just logged, and a certificate installed at once.
      await openSection(page, "system");
      const figures = page.locator("cc-system-figures");
      await figures.locator('[data-testid="disk"]', { hasText: "GB" }).waitFor();
      await figures.locator('[data-testid="warnings"]', { hasText: "stopped answering OPTIONS" })
        .waitFor();
      await figures.locator('[data-testid="certificate"]', { hasText: "Self-signed" }).waitFor();
      const mine = await selfSignedCertificate(["localhost"]);
      const other = await selfSignedCertificate(["localhost"]);
      const httpsPort = appliance.httpsPort!;
      assert.equal(await httpsTrusts(httpsPort, mine.cert), false);
      await figures.locator('[data-testid="cert-open"]').click();
      await figures.locator('[data-testid="cert-cert"]').fill(mine.cert);
      await figures.locator('[data-testid="cert-key"]').fill(other.key);
      await figures.locator('[data-testid="cert-install"]').click();
      await figures.locator('[data-testid="error-key"]', { hasText: "does not belong" }).waitFor();
      await figures.locator('[data-testid="cert-key"]').fill(mine.key);
      await figures.locator('[data-testid="cert-install"]').click();
      await figures.locator('[data-testid="cert-notice"]').waitFor();
      await figures.locator('[data-testid="certificate"]', { hasText: "Uploaded here" }).waitFor();
      let trusted = false;
      for (let i = 0; i < 50 && !trusted; i++) {
        trusted = await httpsTrusts(httpsPort, mine.cert);
        if (!trusted) await new Promise((r) => setTimeout(r, 100));
      }
      assert.ok(trusted, "HTTPS serves the uploaded certificate without a restart");
      await topScreenshot(page, "system_en");

      // API tokens, by keyboard: name, Enter; the secret works once shown, and not after revoking.
      await openSection(page, "tokens");
      const tokens = page.locator('[data-testid="admin-tokens"]');
      await tokens.locator('[data-testid="token-name"]').focus();
      await page.keyboard.type("wallboard script");
      await page.keyboard.press("Enter");
      const secret = (await tokens.locator('[data-testid="token-value"]').textContent())!.trim();
      const me = (bearer: string) =>
        fetch(`${base}/api/v1/auth/me`, { headers: { authorization: `Bearer ${bearer}` } })
          .then(async (r) => {
            await r.body?.cancel();
            return r.status;
          });
      assert.equal(await me(secret), 200);
      await tokens.locator('[data-testid="tokens"]', { hasText: "wallboard script" }).waitFor();
      await topScreenshot(page, "tokens_en");
      await tokens.locator('[data-testid="token-done"]').click();
      await tokens.getByRole("button", { name: "Revoke wallboard script" }).click();
      await tokens.locator('[data-testid="tokens-none"]').waitFor();
      assert.equal(await me(secret), 401);

      // The same screens in Chinese.
      await page.selectOption('select[data-testid="lang-switch"]', "zh-CN");
      for (const section of ["backups", "system", "tokens"]) {
        await openSection(page, section);
        if (section === "tokens") {
          await tokens.locator('[data-testid="token-name"]').fill("报表脚本");
          await tokens.locator('[data-testid="token-create"]').click();
          await tokens.locator('[data-testid="token-secret"]', { hasText: "只显示这一次" })
            .waitFor();
        }
        await page.waitForTimeout(300);
        await topScreenshot(page, `${section}_zh-CN`);
      }
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
      await appliance.stop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
