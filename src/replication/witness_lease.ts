import { Hono } from "hono";
import type { Clock } from "../clock/mod.ts";

/** How long a granted lease lasts at the witness (ms); holders renew it every second. */
export const LEASE_TTL_MS = 5000;

/** What the witness answers a claim with. */
export interface LeaseAnswer {
  granted: boolean;
  /** Who holds the lease now (the claimant when granted). */
  holder: string;
  /** The epoch the lease is held in now. */
  epoch: number;
  /** How long the lease lasts from the claim, when granted (ms). */
  ttl_ms: number;
}

/** What the witness remembers across restarts: the highest epoch it ever granted. */
export interface WitnessMemory {
  load(): number;
  save(epoch: number): void;
}

/**
 * The witness's one lease (docs/decisions/032-witness-lease.md): the box that holds it
 * may serve as the primary, and only one box holds it at a time. A claim is granted when
 * nobody holds the lease, it expired, or the claimant already holds it; never to an epoch
 * below the highest ever granted, so a box cut off in an old epoch cannot lead again. A
 * witness that just started grants nothing for one lease's time, since a lease granted
 * before it restarted may still be running in its holder's eyes.
 */
export class LeaseWitness {
  readonly #clock: Clock;
  readonly #memory: WitnessMemory | undefined;
  readonly #startedAt: number;
  #highestEpoch: number;
  #lease: { holder: string; epoch: number; until: number } | undefined;

  constructor(clock: Clock, memory?: WitnessMemory) {
    this.#clock = clock;
    this.#memory = memory;
    this.#startedAt = clock.monotonic();
    this.#highestEpoch = memory?.load() ?? 0;
  }

  claim(holder: string, epoch: number): LeaseAnswer {
    const now = this.#clock.monotonic();
    const lease = this.#lease;
    const refused = (): LeaseAnswer => ({
      granted: false,
      holder: lease && lease.until > now ? lease.holder : "",
      epoch: this.#highestEpoch,
      ttl_ms: 0,
    });
    if (epoch < this.#highestEpoch) return refused();
    if (now - this.#startedAt < LEASE_TTL_MS) return refused();
    if (lease && lease.until > now && lease.holder !== holder) return refused();
    this.#lease = { holder, epoch, until: now + LEASE_TTL_MS };
    if (epoch > this.#highestEpoch) {
      this.#highestEpoch = epoch;
      this.#memory?.save(epoch);
    }
    return { granted: true, holder, epoch, ttl_ms: LEASE_TTL_MS };
  }
}

/**
 * The witness's HTTP face: `POST /witness/lease` with `{ holder, epoch }` and the shared
 * token as a bearer; 200 when granted, 409 when someone else holds the lease.
 */
export function witnessRoutes(witness: LeaseWitness, token: string): Hono {
  const app = new Hono();
  app.post("/witness/lease", async (c) => {
    if (c.req.header("authorization") !== `Bearer ${token}`) {
      return c.json({ code: "not_allowed", message: "Give the witness token as a bearer" }, 401);
    }
    const body = await c.req.json().catch(() => ({})) as { holder?: unknown; epoch?: unknown };
    if (
      typeof body.holder !== "string" || body.holder.length === 0 || body.holder.length > 100 ||
      typeof body.epoch !== "number" || !Number.isSafeInteger(body.epoch) || body.epoch < 0
    ) {
      return c.json(
        { code: "validation_error", message: "Give holder as text and epoch as a whole number" },
        400,
      );
    }
    const answer = witness.claim(body.holder, body.epoch);
    return c.json(answer, answer.granted ? 200 : 409);
  });
  app.get("/witness/health", (c) => c.json({ status: "ok" }));
  return app;
}
