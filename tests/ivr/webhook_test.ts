import assert from "node:assert/strict";
import { flowDoc, heard, ivrWorld, simulate } from "./_world.ts";

/** A local HTTP peer whose paths answer well, badly, or not at all. */
function webhookPeer() {
  const release = Promise.withResolvers<void>();
  const requests: { path: string; body: unknown }[] = [];
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    async (request) => {
      const path = new URL(request.url).pathname;
      const text = await request.text();
      requests.push({ path, body: text ? JSON.parse(text) : null });
      switch (path) {
        case "/order":
          return Response.json({
            data: { status: "shipped", eta_days: 3, items: [{ sku: "A1" }] },
          });
        case "/hang":
          await release.promise;
          return new Response("too late");
        case "/garbage":
          return new Response("<html>not json</html>", {
            headers: { "content-type": "text/html" },
          });
        case "/array":
          return Response.json([1, 2, 3]);
        case "/error":
          return Response.json({ error: "boom" }, { status: 500 });
        default:
          return Response.json({ data: {} });
      }
    },
  );
  return {
    url: (path: string) => `http://127.0.0.1:${server.addr.port}${path}`,
    requests,
    async [Symbol.asyncDispose]() {
      release.resolve();
      await server.shutdown();
    },
  };
}

const hookFlow = (url: string, extra: Record<string, unknown> = {}) =>
  flowDoc({
    hook: {
      type: "webhook",
      url,
      timeout_ms: 300,
      map: { "order.status": "data.status", "order.eta": "$.data.eta_days" },
      exits: { ok: "good", failed: "bad" },
      ...extra,
    },
    good: { type: "hangup", play: [{ tts: "Your order is {order.status}" }] },
    bad: { type: "hangup", play: ["technical_difficulties"] },
  });

Deno.test("a webhook maps fields of its JSON answer into variables and takes ok", async () => {
  await using peer = webhookPeer();
  const world = ivrWorld();
  const result = await simulate(world, hookFlow(peer.url("/order")), {
    variables: { account: "12345" },
  });
  assert.equal(result.variables["order.status"], "shipped");
  assert.equal(result.variables["order.eta"], 3);
  assert.equal(result.prompts[0].text, "Your order is shipped");
  const sent = peer.requests[0].body as { caller: string; variables: Record<string, unknown> };
  assert.equal(sent.caller, "+8613800138000");
  assert.equal(sent.variables.account, "12345");
});

Deno.test("a webhook URL template is filled in and URL-encoded, and GET sends no body", async () => {
  await using peer = webhookPeer();
  const world = ivrWorld();
  await simulate(world, hookFlow(peer.url("/lookup/{caller}"), { method: "GET", map: {} }));
  assert.equal(peer.requests[0].path, "/lookup/%2B8613800138000");
  assert.equal(peer.requests[0].body, null);
});

Deno.test("a webhook that hangs takes the failure exit after its timeout", async () => {
  await using peer = webhookPeer();
  const world = ivrWorld();
  const started = performance.now();
  const result = await simulate(world, hookFlow(peer.url("/hang")));
  const elapsed = performance.now() - started;
  assert.deepEqual(heard(result), ["technical_difficulties"]);
  const event = result.events.find((e) => e.type === "ivr.webhook")!;
  assert.equal(event.data.ok, false);
  assert.equal(event.data.error, "No answer within 300 ms");
  assert.ok(elapsed >= 250 && elapsed < 3000, `took ${elapsed} ms`);
});

Deno.test("a webhook answering garbage, an array, an error status or without a mapped field takes the failure exit", async () => {
  await using peer = webhookPeer();
  const world = ivrWorld();
  const errors: unknown[] = [];
  for (const path of ["/garbage", "/array", "/error", "/empty"]) {
    const result = await simulate(world, hookFlow(peer.url(path)));
    assert.equal(result.last_node, "bad", path);
    errors.push(result.events.find((e) => e.type === "ivr.webhook")!.data.error);
  }
  assert.deepEqual(errors, [
    "Answer is not JSON",
    "Answer is not a JSON object",
    "HTTP status 500",
    "Answer has no data.status",
  ]);
});

Deno.test("a webhook mapping that points at an object is refused as garbage", async () => {
  await using peer = webhookPeer();
  const world = ivrWorld();
  const result = await simulate(
    world,
    hookFlow(peer.url("/order"), { map: { items: "data.items" } }),
  );
  assert.equal(result.last_node, "bad");
});

Deno.test("a webhook to a closed port takes the failure exit", async () => {
  const world = ivrWorld();
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = listener.addr.port;
  listener.close();
  const result = await simulate(world, hookFlow(`http://127.0.0.1:${port}/x`));
  assert.equal(result.last_node, "bad");
  assert.match(
    String(result.events.find((e) => e.type === "ivr.webhook")!.data.error),
    /^Request failed/,
  );
});
