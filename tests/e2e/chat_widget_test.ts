import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import type { Page } from "playwright-core";
import { ARTIFACTS, launchChromium } from "../support/browser.ts";
import { goReadyInPage, signInAgent, until } from "../support/desktop.ts";
import {
  LIVE_DEMO_PASSWORD,
  type LiveAppliance,
  startLiveAppliance,
} from "../support/live_appliance.ts";
import { hasPeer } from "../support/peers.ts";

const VISITOR_EMAIL = "chat.visitor@example.com";
const ARTICLE = "How to reset your password";

/** A chat queue served by agent3 (chat capacity 2) with the bot before a person, and one article. */
async function chatCenter(live: LiveAppliance): Promise<{ agentId: number; queueId: number }> {
  const admin = await live.api("admin");
  const { users } = await (await admin.get("/users")).json();
  const agentId = users.find((u: { username: string }) => u.username === "agent3").id as number;
  const capacity = await admin.send("PUT", `/agents/${agentId}/chat-capacity`, { capacity: 2 });
  assert.equal(capacity.status, 200, await capacity.text());
  // The chat follows the center's business hours; the demo office closes at 18:00 in
  // Shanghai and at weekends, so this center answers around the clock.
  const { ivr, crm } = live.appliance.parts;
  ivr.schedules.put("around_the_clock", {
    hours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: "00:00", closes: "24:00" })),
    holidays: [],
  });
  crm.settings.update({ hours_schedule: "around_the_clock" });
  const article = await admin.send("POST", "/kb/articles", {
    title: ARTICLE,
    body: "Open the account page and choose reset password; the link expires after 24 hours.",
    language: "en",
  });
  assert.equal(article.status, 201, await article.text());
  const queue = await admin.send("POST", "/queues", {
    name: "Web chat",
    strategy: "longest_idle",
    members: [{ user_id: agentId }],
    options: { channel: "chat", chat_bot: true, ring_timeout_s: 120 },
  });
  const queueText = await queue.text();
  assert.equal(queue.status, 201, queueText);
  const queueId = JSON.parse(queueText).queue.id as number;
  await until(
    "the chat queue in the running ACD",
    () => live.appliance.parts.queues.chats.queues().some((q) => q.id === queueId),
  );
  return { agentId, queueId };
}

/** The center's site: a page of its own origin with the widget's one script tag. */
function hostSite(appliance: string, lang: string) {
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>Example Shop</title>
<style>body{font-family:sans-serif;margin:2rem;background:#fafafa}</style></head>
<body><h1>Example Shop</h1><p>Welcome to our shop.</p>
<script src="${appliance}/widget.js" data-color="#0a7d4f" data-lang="${lang}" data-queue="Web chat" async></script>
</body></html>`;
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    () => new Response(html, { headers: { "content-type": "text/html; charset=utf-8" } }),
  );
  return { url: `http://127.0.0.1:${server.addr.port}/`, close: () => server.shutdown() };
}

const started = Date.now();
const step = (what: string) =>
  Deno.env.get("CC_E2E_TRACE") && console.log(`${Date.now() - started} ms: ${what}`);

const widget = (page: Page, id: string) => page.locator(`[data-testid="${id}"]`);

/** A visitor over the widget's WebSocket alone, for the capacity check. */
async function socketVisitor(httpPort: number, name: string) {
  const ws = new WebSocket(`ws://127.0.0.1:${httpPort}/widget/socket`);
  const frames: { type: string; [k: string]: unknown }[] = [];
  ws.onmessage = (e) => frames.push(JSON.parse(e.data));
  await new Promise((resolve) => ws.onopen = resolve);
  ws.send(JSON.stringify({
    type: "start",
    name,
    email: `${name.toLowerCase().replace(/\s/g, ".")}@example.com`,
    topic: "capacity",
    language: "en",
    queue: "Web chat",
  }));
  await until(`${name}'s chat to start`, () => frames.some((f) => f.type === "started"));
  ws.send(JSON.stringify({ type: "person" }));
  return { ws, frames };
}

Deno.test({
  name:
    "a visitor chats from the widget: the bot offers an article, an agent takes over, messages and files both ways, the transcript reaches the timeline, and a third chat waits for the agent's capacity",
  ignore: !hasPeer("chromium"),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const live = await startLiveAppliance({ logLevel: "warn" });
    const browser = await launchChromium();
    const base = `http://127.0.0.1:${live.httpPort}`;
    const site = hostSite(base, "en");
    const sockets: WebSocket[] = [];
    try {
      const { agentId, queueId } = await chatCenter(live);
      const errors: string[] = [];

      const agentContext = await browser.newContext({
        viewport: { width: 1366, height: 768 },
        locale: "en-US",
      });
      await agentContext.grantPermissions(["microphone"]);
      const agent = await agentContext.newPage();
      agent.on("pageerror", (e) => errors.push(`agent: ${e.message}`));
      await signInAgent(agent, base, "agent3", LIVE_DEMO_PASSWORD);
      await goReadyInPage(agent);

      const visitorContext = await browser.newContext({
        viewport: { width: 1366, height: 768 },
        locale: "en-US",
      });
      const visitor = await visitorContext.newPage();
      visitor.on("pageerror", (e) => errors.push(`visitor: ${e.message}`));
      await visitor.goto(site.url);
      step("visitor opens the widget");
      await widget(visitor, "chat-launcher").click();
      await visitor.fill('[data-testid="chat-prechat"] input[name="name"]', "Wu Fang");
      await visitor.fill('[data-testid="chat-prechat"] input[name="email"]', VISITOR_EMAIL);
      await visitor.fill('[data-testid="chat-prechat"] input[name="topic"]', "Cannot sign in");
      await widget(visitor, "chat-start").click();
      await widget(visitor, "chat-input").fill("How do I reset my password?");
      await widget(visitor, "chat-send").click();
      await widget(visitor, "chat-article").filter({ hasText: ARTICLE }).waitFor({
        timeout: 15_000,
      });
      await visitor.screenshot({ path: `${ARTIFACTS}/chat-widget.png` });

      // The article did not help: the visitor asks for a person and agent3 accepts.
      step("visitor asks for a person");
      await widget(visitor, "chat-person").first().click();
      await agent.locator('[data-testid="chat-offer"]').waitFor({ timeout: 15_000 });
      await agent.click('[data-testid="chat-accept"]');
      await widget(visitor, "chat-message").filter({ hasText: "joined the chat" }).waitFor({
        timeout: 10_000,
      });
      // The agent sees what the bot said before the handover.
      await agent.locator('[data-testid="chat-agent-message"][data-sender="bot"]').first()
        .waitFor();

      await widget(visitor, "chat-input").fill("<b>Still</b> locked out");
      await widget(visitor, "chat-send").click();
      await agent.locator('[data-testid="chat-agent-message"][data-sender="visitor"]')
        .filter({ hasText: "<b>Still</b> locked out" }).waitFor({ timeout: 10_000 });
      assert.equal(
        await agent.locator('[data-testid="chat-agent-log"] b').count(),
        0,
        "the visitor's markup is shown as text",
      );
      await agent.fill('[data-testid="chat-reply"]', "I have sent you a new link");
      await agent.click('[data-testid="chat-reply-send"]');
      await widget(visitor, "chat-message").filter({ hasText: "I have sent you a new link" })
        .waitFor({ timeout: 10_000 });

      await widget(visitor, "chat-file").setInputFiles({
        name: "screenshot.txt",
        mimeType: "text/plain",
        buffer: Buffer.from("error 401 at login"),
      });
      await agent.locator('[data-testid="chat-agent-file-link"]').filter({
        hasText: "screenshot.txt",
      }).waitFor({ timeout: 10_000 });
      await agent.setInputFiles('[data-testid="chat-agent-file"]', {
        name: "steps.txt",
        mimeType: "text/plain",
        buffer: Buffer.from("1. open the link 2. choose a password"),
      });
      const link = widget(visitor, "chat-file-link").filter({ hasText: "steps.txt" });
      await link.waitFor({ timeout: 10_000 });
      const fileUrl = await link.getAttribute("href");
      assert.equal(await (await fetch(fileUrl!)).text(), "1. open the link 2. choose a password");
      await agent.screenshot({ path: `${ARTIFACTS}/chat-desk.png` });

      const disposition = await agent.locator('[data-testid="chat-disposition"] option').first()
        .getAttribute("value");
      assert.ok(disposition, "the demo center has dispositions");
      await agent.click('[data-testid="chat-end-send"]');
      await widget(visitor, "chat-ended").waitFor({ timeout: 10_000 });
      await agent.locator('[data-testid="chat-offer"], [data-testid="chat-panel"]').waitFor({
        state: "detached",
        timeout: 10_000,
      });

      step("timeline");
      const supervisor = await live.api("super1");
      const customerId = live.appliance.parts.crm.findCustomers(VISITOR_EMAIL, 1)[0].id;
      const { interactions } = await (await supervisor.get(
        `/customers/${customerId}/interactions`,
      )).json();
      const chat = interactions.find((i: { channel: string }) => i.channel === "chat");
      assert.ok(chat, "the chat is on the customer's timeline");
      assert.match(chat.notes, /Bot: These articles may answer your question/);
      assert.match(chat.notes, /Visitor: <b>Still<\/b> locked out/);
      assert.match(chat.notes, /Agent: I have sent you a new link/);
      assert.match(chat.notes, /screenshot\.txt/);

      // Capacity 2: two more chats reach agent3, a third waits until one ends.
      step("capacity");
      const agentApi = await live.api("agent3");
      const a = await socketVisitor(live.httpPort, "Visitor A");
      const b = await socketVisitor(live.httpPort, "Visitor B");
      sockets.push(a.ws, b.ws);
      const offered = async () => {
        const { chats } = await (await agentApi.get("/chats/mine")).json();
        return chats.map((c: { chat: { id: number; state: string } }) => c.chat);
      };
      const two = await until("two chats offered to agent3", async () => {
        const chats = await offered();
        return chats.length === 2 ? chats : undefined;
      });
      for (const c of two) {
        const accepted = await agentApi.send("POST", `/chats/${c.id}/accept`);
        assert.equal(accepted.status, 200, await accepted.text());
      }
      const c = await socketVisitor(live.httpPort, "Visitor C");
      sockets.push(c.ws);
      await new Promise((r) => setTimeout(r, 1500));
      assert.equal((await offered()).length, 2, "the third chat is not offered");
      assert.equal(live.appliance.parts.queues.engine.chatsWaiting(String(queueId)), 1);
      assert.deepEqual(live.appliance.parts.queues.engine.chatLoad(String(agentId)), {
        chats: 2,
        capacity: 2,
      });
      const ended = await agentApi.send("POST", `/chats/${two[0].id}/end`, {
        disposition,
      });
      assert.equal(ended.status, 200, await ended.text());
      await until("the third chat offered once one ended", async () => {
        const chats = await offered();
        return chats.some((x: { state: string }) => x.state === "offered");
      });
      assert.equal(live.appliance.parts.queues.engine.chatsWaiting(String(queueId)), 0);
      assert.deepEqual(errors, []);
    } catch (error) {
      console.error(live.logs.slice(-40).join("\n"));
      throw error;
    } finally {
      for (const ws of sockets) ws.close();
      await site.close();
      await browser.close();
      await live.stop();
    }
  },
});
