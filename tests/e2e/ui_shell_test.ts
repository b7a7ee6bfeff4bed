import assert from "node:assert/strict";
import { Appliance } from "../../src/appliance.ts";
import { loadConfig } from "../../src/config/mod.ts";
import { createLogger } from "../../src/log/mod.ts";
import { ARTIFACTS, launchChromium } from "../support/browser.ts";
import { hasPeer } from "../support/peers.ts";

const PASSWORD = "demo-pass";

async function startDemo(): Promise<{ appliance: Appliance; dir: string }> {
  const dir = await Deno.makeTempDir({ prefix: "cc-ui-" });
  const config = loadConfig({
    data: dir,
    bind: "127.0.0.1",
    "http-port": "0",
    "https-port": "0",
    demo: true,
    "admin-password": "admin-secret-1",
    "demo-password": PASSWORD,
  }, {});
  // No uiAssets given: the appliance serves the bundle embedded in the program.
  const appliance = await Appliance.start({
    config,
    log: createLogger("ui-test", { level: "warn", sink: () => {} }),
    announce: () => {},
  });
  return { appliance, dir };
}

Deno.test({
  name: "the embedded UI signs an agent in and out, switches language, and guards areas by role",
  ignore: !hasPeer("chromium"),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const { appliance, dir } = await startDemo();
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({
        viewport: { width: 1366, height: 768 },
        locale: "en-US",
      });
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      // Anything the Content-Security-Policy blocks is reported on the console.
      page.on("console", (m) => {
        if (/Content Security Policy/i.test(m.text())) errors.push(m.text());
      });
      const base = `http://127.0.0.1:${appliance.httpPort}`;

      // Logged out: any area sends the user to the login page.
      await page.goto(`${base}/agent`);
      await page.waitForURL(/\/login/);
      await page.locator('input[name="username"]').waitFor();
      await page.screenshot({ path: `${ARTIFACTS}/ui_login.png` });

      await page.fill('input[name="username"]', "agent3");
      await page.fill('input[name="password"]', "wrong-password");
      await page.click('button[type="submit"]');
      await page.locator('[data-testid="login-error"]').filter({ hasText: /\S/ }).waitFor();

      await page.fill('input[name="username"]', "agent3");
      await page.fill('input[name="password"]', PASSWORD);
      await page.click('button[type="submit"]');
      await page.waitForURL(/\/agent$/);
      const title = page.locator('[data-testid="area-title"]');
      await title.waitFor();
      const englishTitle = (await title.textContent())!.trim();
      assert.ok(englishTitle.length > 0);
      await page.locator('cc-connection-status[state="open"]').waitFor({ timeout: 10_000 });
      await page.screenshot({ path: `${ARTIFACTS}/ui_agent_en.png` });

      // An agent may not open administration.
      await page.goto(`${base}/admin`);
      await page.locator('[data-testid="not-allowed"]').waitFor();

      await page.goto(`${base}/agent`);
      await page.selectOption('select[data-testid="lang-switch"]', "zh-CN");
      await page.waitForFunction(() => document.documentElement.lang === "zh-CN");
      await title.filter({ hasText: /[\u4e00-\u9fff]/ }).waitFor();
      const chineseTitle = (await title.textContent())!.trim();
      assert.notEqual(chineseTitle, englishTitle);
      assert.match(chineseTitle, /[\u4e00-\u9fff]/);
      await page.screenshot({ path: `${ARTIFACTS}/ui_agent_zh.png` });

      await page.click('[data-testid="logout"]');
      await page.waitForURL(/\/login/);
      const me = await page.evaluate(async () => (await fetch("/api/v1/auth/me")).status);
      assert.equal(me, 401);

      // An admin lands on administration, and the API docs are one click away.
      await page.selectOption('select[data-testid="lang-switch"]', "en");
      await page.fill('input[name="username"]', "admin");
      await page.fill('input[name="password"]', "admin-secret-1");
      await page.click('button[type="submit"]');
      await page.waitForURL(/\/admin$/);
      await page.locator('[data-testid="api-docs-link"]').waitFor();
      await page.screenshot({ path: `${ARTIFACTS}/ui_admin_en.png` });

      // The docs page renders its endpoint list under the same policy.
      await page.goto(`${base}/api/v1/docs`);
      await page.locator("main#list details").first().waitFor();
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
      await appliance.stop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
