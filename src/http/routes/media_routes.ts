import { getHeapSpaceStatistics } from "node:v8";
import { ROLE_GROUPS } from "../../auth/mod.ts";
import type { CallService } from "../../calls/mod.ts";
import type { CancelTimer, Clock } from "../../clock/mod.ts";
import type { MediaClock } from "../../media/mod.ts";
import { cpuWakeLatencyState, grantedThreadPriority } from "../../threads/mod.ts";
import { route, type RouteTarget } from "../route.ts";

export interface MediaRouteDeps {
  clock: Clock;
  mediaClock: MediaClock;
  calls: CallService;
  /** How late packets left the socket thread against their tick's send time, once known. */
  sendPacing?: () => { ticks: number; p50Ms: number; p99Ms: number; maxMs: number } | undefined;
  /** Messages and datagrams between the main thread and the media socket thread. */
  socketThread?: () => object | undefined;
}

const PROBE_MS = 50;
const WINDOW = 1200;
// The probe runs only while someone watches: it stops this long after the last request.
const IDLE_STOP_MS = 120_000;

/**
 * Event-loop lag: how late a timer that asked for `PROBE_MS` fires. Media pacing shares
 * the loop, so this says whether the process, not only the media tick, keeps up.
 */
class LoopLagProbe {
  #samples = new Float64Array(WINDOW);
  #count = 0;
  #cancel: CancelTimer | undefined;
  #lastAsked = 0;

  constructor(private readonly clock: Clock) {}

  touch(): void {
    this.#lastAsked = this.clock.now();
    if (!this.#cancel) this.#arm(this.clock.monotonic());
  }

  stats(): { samples: number; p50Ms: number; p99Ms: number; maxMs: number } {
    const n = Math.min(this.#count, WINDOW);
    const sorted = this.#samples.slice(0, n).sort();
    const pick = (q: number) => (n === 0 ? 0 : sorted[Math.min(n - 1, Math.ceil(q * n) - 1)]);
    return { samples: n, p50Ms: pick(0.5), p99Ms: pick(0.99), maxMs: n === 0 ? 0 : sorted[n - 1] };
  }

  #arm(from: number): void {
    this.#cancel = this.clock.setTimer(PROBE_MS, () => {
      const now = this.clock.monotonic();
      this.#samples[this.#count++ % WINDOW] = Math.max(0, now - from - PROBE_MS);
      if (this.clock.now() - this.#lastAsked > IDLE_STOP_MS) {
        this.#cancel = undefined;
        return;
      }
      this.#arm(now);
    });
  }
}

function youngGenerationBytes(): number {
  return getHeapSpaceStatistics().find((s) => s.space_name === "new_space")?.space_size ?? 0;
}

/** Media plane health for admins and the load benchmark (which runs in another process). */
export function mountMediaRoutes(target: RouteTarget, deps: MediaRouteDeps): void {
  const lag = new LoopLagProbe(deps.clock);

  route(target, {
    method: "get",
    path: "/media/stats",
    summary:
      "Send pacing error (p50/p99/max over the last minute), media tick lateness, event-loop lag, live calls' RTP counters, memory",
    tag: "system",
    access: ROLE_GROUPS.admins,
  }, (c) => {
    lag.touch();
    const rtp = { calls: 0, packets_in: 0, packets_out: 0, lost: 0, late: 0 };
    for (const call of deps.calls.live) {
      const counters = call.media?.endpoint.counters;
      if (!counters) continue;
      rtp.calls++;
      rtp.packets_in += counters.packetsIn;
      rtp.packets_out += counters.packetsOut;
      rtp.lost += counters.lost;
      rtp.late += counters.late;
    }
    const memory = Deno.memoryUsage();
    const tick = deps.mediaClock.stats();
    const sent = deps.sendPacing?.();
    return c.json({
      // Where packets are paced by the socket thread, its figures are the pacing error;
      // the tick's own lateness then only says how early packets were made.
      pacing: sent ? { ...sent, skipped: tick.skipped, measured: "send" } : {
        ...tick,
        measured: "tick",
      },
      tick_lateness: tick,
      socket_thread: deps.socketThread?.() ?? null,
      event_loop_lag: lag.stats(),
      thread_priority: grantedThreadPriority(),
      cpu_wake_latency: cpuWakeLatencyState() ?? null,
      live_calls: deps.calls.live.length,
      rtp,
      memory: {
        rss_bytes: memory.rss,
        heap_used_bytes: memory.heapUsed,
        // Says whether the process runs with the appliance's V8 flags (decision 016): the
        // young generation bounds how long a scavenge pauses the event loop.
        young_generation_bytes: youngGenerationBytes(),
      },
    });
  });
}
