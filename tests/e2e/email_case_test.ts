import assert from "node:assert/strict";
import { launchChromium } from "../support/browser.ts";
import { startDovecot, supportMailbox } from "../support/dovecot.ts";
import {
  LIVE_DEMO_PASSWORD,
  type LiveClient,
  startLiveAppliance,
} from "../support/live_appliance.ts";
import { hasPeer } from "../support/peers.ts";
import { startSmtpCatcher } from "../support/smtp_catcher.ts";

const CUSTOMER = "lin.fang@customer.example";

async function json(response: Response) {
  const body = await response.json();
  if (!response.ok) throw new Error(`${response.status}: ${JSON.stringify(body)}`);
  return body;
}

/** Polls the API until `pick` finds something, or fails with what it saw last. */
async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 30_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function mail(headers: Record<string, string>, body: string): string {
  return [
    `From: Lin Fang <${CUSTOMER}>`,
    "To: support@center.example",
    `Date: ${new Date().toUTCString()}`,
    "MIME-Version: 1.0",
    ...Object.entries({ "Content-Type": "text/plain; charset=utf-8", ...headers })
      .map(([k, v]) => `${k}: ${v}`),
    "",
    body,
    "",
  ].join("\r\n");
}

Deno.test({
  name:
    "an e-mail in a real IMAP mailbox becomes a case, is acknowledged with the case number, the agent's reply reaches the customer and the customer's answer joins the same case",
  ignore: !hasPeer("dovecot"),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const dovecot = (await startDovecot())!;
    const catcher = await startSmtpCatcher();
    const live = await startLiveAppliance({ logLevel: "warn" });
    try {
      const admin: LiveClient = await live.api("admin");
      const { mailbox } = await json(
        await admin.send("POST", "/mailboxes", {
          ...supportMailbox(dovecot, catcher.port),
          poll_s: 5,
        }),
      );
      const { test } = await json(await admin.send("POST", `/mailboxes/${mailbox.id}/test`));
      assert.equal(test.imap.ok, true, JSON.stringify(test));
      assert.equal(test.smtp.ok, true, JSON.stringify(test));

      // The customer writes; the appliance reads the mailbox by itself.
      await dovecot.deliver(mail({
        Subject: "Invoice shows the wrong address",
        "Message-ID": "<first.0001@customer.example>",
      }, "My March invoice has my old address on it."));
      const agent = await live.api("agent1");
      const item = await until("the e-mail to wait for an agent", async () => {
        const { waiting } = await json(await agent.get("/email/waiting"));
        return waiting.find((w: { from: string }) => w.from === CUSTOMER);
      });
      const caseId: number = item.case_id;
      const { case: opened } = await json(await agent.get(`/cases/${caseId}`));
      assert.equal(opened.subject, "Invoice shows the wrong address");

      // The acknowledgement reaches the sender with the case number.
      const ack = await catcher.waitFor((m) => m.to.includes(CUSTOMER));
      assert.match(ack.subject, new RegExp(`#${caseId}\\b`));
      assert.match(ack.text, new RegExp(`#${caseId}\\b`));
      assert.equal(ack.autoSubmitted, "auto-replied");
      assert.equal(ack.inReplyTo, "<first.0001@customer.example>");

      // The agent replies from the case with a template variable.
      await json(await agent.send("POST", `/email/waiting/${caseId}/take`));
      const { email: sent } = await json(
        await agent.send("POST", `/cases/${caseId}/emails`, {
          body: "Dear {{customer.name}}, the address is corrected; a new invoice follows.",
        }),
      );
      const reply = await catcher.waitFor((m) => m.text.includes("the address is corrected"));
      assert.deepEqual(reply.to, [CUSTOMER]);
      assert.match(reply.text, /^Dear Lin Fang,/);
      assert.match(reply.subject, new RegExp(`#${caseId}\\b`));
      assert.equal(reply.inReplyTo, "<first.0001@customer.example>");
      assert.equal(reply.messageId, `<${sent.message_id}>`);
      assert.deepEqual((await json(await agent.get("/email/waiting"))).waiting, []);

      // The customer answers the reply (a new subject, only the reply headers link it).
      await dovecot.deliver(mail({
        Subject: "Thanks",
        "Message-ID": "<second.0002@customer.example>",
        "In-Reply-To": reply.messageId,
        References: `<first.0001@customer.example> ${reply.messageId}`,
      }, "Received it, thank you."));
      const thread = await until("the customer's answer on the case", async () => {
        const { emails } = await json(await agent.get(`/cases/${caseId}/emails`));
        return emails.some((e: { subject: string }) => e.subject === "Thanks") ? emails : undefined;
      });
      assert.deepEqual(
        thread.map((e: { direction: string; kind: string }) => `${e.direction}:${e.kind}`),
        ["inbound:mail", "outbound:acknowledgement", "outbound:reply", "inbound:mail"],
      );
      const { cases } = await json(await agent.get(`/cases?customer_id=${opened.customer_id}`));
      assert.equal(cases.length, 1, "the answer opened no second case");
      // Only one acknowledgement: the answer joined a case and was not acknowledged again.
      assert.equal(catcher.mails.filter((m) => m.autoSubmitted).length, 1);
      const [status] = (await json(await admin.get("/mailboxes"))).mailboxes;
      assert.equal(status.failures, 0);
      assert.ok(status.last_fetch_at);
    } finally {
      await live.stop();
      await catcher.stop();
      await dovecot.stop();
    }
  },
});

Deno.test({
  name:
    "on the case page an e-mail's HTML runs no script, and the agent's reply typed there reaches the customer",
  ignore: !hasPeer("dovecot") || !hasPeer("chromium"),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const dovecot = (await startDovecot())!;
    const catcher = await startSmtpCatcher();
    const live = await startLiveAppliance({ logLevel: "warn" });
    const browser = await launchChromium();
    try {
      const admin = await live.api("admin");
      await json(
        await admin.send("POST", "/mailboxes", {
          ...supportMailbox(dovecot, catcher.port),
          poll_s: 5,
        }),
      );
      const boundary = "b-html";
      await dovecot.deliver(mail(
        {
          Subject: "Formatted question",
          "Message-ID": "<html.0001@customer.example>",
          "Content-Type": `multipart/alternative; boundary="${boundary}"`,
        },
        [
          `--${boundary}`,
          "Content-Type: text/plain; charset=utf-8",
          "",
          "Plain words",
          `--${boundary}`,
          "Content-Type: text/html; charset=utf-8",
          "",
          `<p>Bold <b>words</b></p><script>top.pwned = 1</script>` +
          `<img src="x" onerror="top.pwned = 2"><a href="javascript:top.pwned = 3">link</a>`,
          `--${boundary}--`,
        ].join("\r\n"),
      ));
      const agent = await live.api("agent1");
      const item = await until("the e-mail to wait", async () => {
        const { waiting } = await json(await agent.get("/email/waiting"));
        return waiting[0];
      });
      const [stored] = (await json(await agent.get(`/cases/${item.case_id}/emails`))).emails;
      assert.doesNotMatch(stored.html_body, /script|onerror|javascript/);

      const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } }))
        .newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      const base = `http://127.0.0.1:${live.httpPort}`;
      await page.goto(`${base}/login`);
      await page.fill('input[name="username"]', "agent1");
      await page.fill('input[name="password"]', LIVE_DEMO_PASSWORD);
      await page.click('button[type="submit"]');
      await page.waitForFunction(() => location.pathname !== "/login", null, { timeout: 20_000 });
      await page.goto(`${base}/agent/cases/${item.case_id}`);
      const first = page.locator('[data-testid="email"]').first();
      await first.waitFor({ timeout: 15_000 });
      await first.getByRole("button").click();
      const frame = first.locator("iframe");
      await frame.waitFor();
      assert.equal(await frame.getAttribute("sandbox"), "");
      assert.equal(
        await page.frameLocator("cc-email-thread iframe").locator("b").textContent(),
        "words",
      );
      assert.equal(await page.evaluate(() => (globalThis as { pwned?: number }).pwned), undefined);

      await page.locator('[data-testid="email-reply-body"]').fill(
        "Hello {{customer.name}}, formatted mail is fine.",
      );
      await page.locator('[data-testid="email-reply-send"]').click();
      await page.locator('[data-testid="email-reply-sent"]').waitFor({ timeout: 15_000 });
      const reply = await catcher.waitFor((m) => m.text.includes("formatted mail is fine"));
      assert.match(reply.text, /^Hello Lin Fang,/);
      assert.equal(reply.inReplyTo, "<html.0001@customer.example>");
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
      await live.stop();
      await catcher.stop();
      await dovecot.stop();
    }
  },
});
