/**
 * The call-flow editor at the issue's sizes:
 * - traffic: a month of 100,000 calls through a main menu (about 12 IVR step events each
 *   among the calls' other events) generated into a temporary database; then the counts
 *   for the whole month through `flowTraffic`, the traffic API's query. Target: under
 *   500 ms.
 * - render: a 200-node flow with no positions (so the automatic layout runs) opened from
 *   the list of flows in headless Chromium, timed from the click to the 200th box on the
 *   canvas (and, for reference, a cold load of /admin/flows/:id). Target: under 1 s.
 *
 * Run alone with `deno run -A bench/flow_editor_bench.ts`.
 */
import { countIvrStep, flowTraffic } from "../src/call_history/mod.ts";
import { Database } from "../src/db/mod.ts";

const DAY_MS = 86_400_000;
const MONTH_START = Date.UTC(2026, 4, 1);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Seeds `calls` calls over 30 days and times the month's traffic counts. */
export async function benchFlowTraffic(calls = 100_000) {
  const dir = await Deno.makeTempDir({ prefix: "cc-flow-bench-" });
  const db = new Database(`${dir}/bench.db`);
  db.migrate();
  try {
    const flowId = db.run(
      "INSERT INTO ivr_flows (name, description, created_at, updated_at) VALUES ('Bench', '', '2026-01-01', '2026-01-01')",
    ).lastInsertRowid;
    // Two other flows' calls share the table, as on a real appliance.
    const paths: [string, string][][] = [
      [["identify", "found"], ["hours", "open"], ["welcome", "next"], ["menu", "1"]],
      [["identify", "found"], ["hours", "open"], ["welcome", "next"], ["menu", "2"]],
      [["identify", "missing"], ["hours", "open"], ["welcome", "next"], ["menu", "9"]],
      [["identify", "found"], ["hours", "closed"], ["after_hours", "next"], ["ah_menu", "2"]],
    ];
    let seed = 7;
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const seedStart = performance.now();
    // As the IVR's event sink writes them: the event, then its hourly count.
    const insert = (callId: string, at: number, type: string, data: Record<string, unknown>) => {
      const iso = new Date(at).toISOString();
      db.run(
        "INSERT INTO call_events (call_id, at, type, data) VALUES (?, ?, ?, ?)",
        callId,
        iso,
        type,
        JSON.stringify(data),
      );
      if (type.startsWith("ivr.")) countIvrStep(db, { at: iso, type, data });
    };
    db.transaction(() => {
      for (let i = 0; i < calls; i++) {
        const callId = `bench-${i}`;
        const flow = i % 5 === 4 ? flowId + 1 : flowId;
        let at = MONTH_START + Math.floor(random() * 30 * DAY_MS);
        const path = paths[Math.floor(random() * paths.length)];
        insert(callId, at, "call.offered", { did: "1000" });
        insert(callId, at, "ivr.started", { flow_id: flow, version: 1 });
        for (let n = 0; n < path.length; n++) {
          const [node, exit] = path[n];
          const to = path[n + 1]?.[0] ?? "end";
          insert(callId, at += 1500, "ivr.node_entered", { node, type: "play", flow_id: flow });
          insert(callId, at += 10, "ivr.played", { node, items: [{ kind: "prompt", name: node }] });
          insert(callId, at += 4000, "ivr.node_left", {
            node,
            exit,
            to,
            fallback: false,
            flow_id: flow,
          });
        }
        const hungUp = random() < 0.1;
        insert(callId, at += 10, "ivr.node_entered", { node: "end", type: "queue", flow_id: flow });
        insert(callId, at += 10, "ivr.result", {
          node: "end",
          flow_id: flow,
          route: hungUp ? { type: "hangup", reason: "caller" } : { type: "queue", queue: "Sales" },
          self_served: false,
        });
        insert(callId, at += 30_000, "call.answered", {});
        insert(callId, at += 120_000, "call.ended", {});
      }
    });
    const seedMs = performance.now() - seedStart;
    const events = db.get<{ n: number }>("SELECT count(*) AS n FROM call_events")!.n;
    // A month that starts and ends mid-hour, so both ways of counting are in the figure.
    const period = {
      from: new Date(MONTH_START - 20 * 60_000).toISOString(),
      to: new Date(MONTH_START + 30 * DAY_MS + 40 * 60_000).toISOString(),
    };
    const times: number[] = [];
    let counted = 0;
    for (let run = 0; run < 7; run++) {
      const start = performance.now();
      counted = flowTraffic(db, flowId, period).calls;
      times.push(performance.now() - start);
    }
    return {
      calls,
      events,
      counted_calls: counted,
      seed_ms: Math.round(seedMs),
      month_traffic_ms_median: Math.round(median(times)),
      month_traffic_ms_max: Math.round(Math.max(...times)),
      target_ms: 500,
    };
  } finally {
    db.close();
    await Deno.remove(dir, { recursive: true });
  }
}

/** A flow of `size` nodes without positions: a menu tree with plays and queues. */
export function bigFlow(size = 200): Record<string, unknown> {
  const nodes: Record<string, unknown> = {};
  const ids = Array.from({ length: size }, (_, i) => `n${i}`);
  ids.forEach((id, i) => {
    const children = [1, 2, 3].map((k) => 3 * i + k).filter((c) => c < size).map((c) => ids[c]);
    if (children.length === 0) nodes[id] = { type: "hangup", play: ["goodbye"] };
    else if (children.length === 1) {
      nodes[id] = { type: "play", play: ["welcome"], exits: { next: children[0] } };
    } else {
      nodes[id] = {
        type: "menu",
        play: ["main_menu"],
        exits: Object.fromEntries(children.map((c, k) => [String(k + 1), c])),
      };
    }
  });
  return {
    format: 1,
    name: `Bench ${size} nodes`,
    timezone: "Asia/Shanghai",
    language: "en",
    start: ids[0],
    fallback: ids[size - 1],
    nodes,
  };
}

/** Opens a 200-node flow in headless Chromium and times it until every box is drawn. */
export async function benchFlowRender(size = 200) {
  const { startLiveAppliance, LIVE_ADMIN_PASSWORD } = await import(
    "../tests/support/live_appliance.ts"
  );
  const { launchChromium } = await import("../tests/support/browser.ts");
  const live = await startLiveAppliance({ logLevel: "warn" });
  const browser = await launchChromium();
  try {
    const admin = await live.api("admin");
    const imported = await admin.send("POST", "/ivr/flows/import", bigFlow(size));
    const { flow } = await imported.json();
    const base = `http://127.0.0.1:${live.httpPort}`;
    const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } }))
      .newPage();
    await page.goto(`${base}/login`);
    await page.fill('input[name="username"]', "admin");
    await page.fill('input[name="password"]', LIVE_ADMIN_PASSWORD);
    await page.click('button[type="submit"]');
    await page.waitForURL(/\/admin$/);
    const last = page.locator(`cc-flow-canvas g.node[data-node="n${size - 1}"]`);
    const times: number[] = [];
    for (let run = 0; run < 5; run++) {
      await page.goto(`${base}/admin/flows`);
      const open = page.locator(`cc-flows-panel tr[data-flow="${flow.name}"] button.link`);
      await open.waitFor();
      const start = performance.now();
      await open.click();
      await last.waitFor();
      times.push(performance.now() - start);
      const drawn = await page.locator("cc-flow-canvas g.node").count();
      if (drawn !== size) throw new Error(`${drawn} of ${size} nodes drawn`);
    }
    const coldStart = performance.now();
    await page.goto(`${base}/admin/flows/${flow.id}`);
    await last.waitFor();
    const coldMs = performance.now() - coldStart;
    return {
      nodes: size,
      open_from_list_ms_median: Math.round(median(times)),
      open_from_list_ms_max: Math.round(Math.max(...times)),
      page_load_ms: Math.round(coldMs),
      target_ms: 1000,
    };
  } finally {
    await browser.close();
    await live.stop();
  }
}

if (import.meta.main) {
  if (Deno.args[0] !== "render") {
    console.log(JSON.stringify(await benchFlowTraffic(Number(Deno.args[1] ?? 100_000))));
  }
  if (Deno.args[0] !== "traffic") console.log(JSON.stringify(await benchFlowRender()));
  Deno.exit(0);
}
