import type { Trunk } from "../sip/mod.ts";
import type { OutboundTrunks } from "./outbound_line.ts";

/** How full a trunk is with calls out, for the campaign board. */
export interface TrunkLoad {
  trunk_id: number;
  name: string;
  outbound: number;
  /** The dial plan's limit on calls out, else the trunk's limit on all calls. */
  max_outbound: number;
}

/**
 * The trunks as dialers see them: each call out takes a slot of the trunk (shared with
 * inbound calls, up to `max_calls`) and one of its outbound slots (up to its dial plan's
 * `max_outbound`). A full trunk is a wait, not a failure: {@link refusal} says why the
 * last slot was refused.
 */
export class OutboundLines implements OutboundTrunks {
  readonly #outbound = new Map<number, number>();
  readonly #refused = new Map<number, "trunk_full" | "trunk_outbound_full">();

  constructor(private readonly trunks: OutboundTrunks) {}

  byId(id: number): Trunk | undefined {
    return this.trunks.byId(id);
  }

  list(): Trunk[] {
    return this.trunks.list();
  }

  acquire(trunk: Trunk): boolean {
    const out = this.#outbound.get(trunk.id) ?? 0;
    const limit = trunk.dialPlan?.max_outbound;
    if (limit != null && out >= limit) {
      this.#refused.set(trunk.id, "trunk_outbound_full");
      return false;
    }
    if (!this.trunks.acquire(trunk)) {
      this.#refused.set(trunk.id, "trunk_full");
      return false;
    }
    this.#refused.delete(trunk.id);
    this.#outbound.set(trunk.id, out + 1);
    return true;
  }

  release(trunk: Trunk): void {
    this.#outbound.set(trunk.id, Math.max(0, (this.#outbound.get(trunk.id) ?? 0) - 1));
    this.trunks.release(trunk);
  }

  /** Why the trunk's last slot was refused, until one is taken again. */
  refusal(trunkId: number): "trunk_full" | "trunk_outbound_full" | undefined {
    return this.#refused.get(trunkId);
  }

  load(trunk: Trunk): TrunkLoad {
    return {
      trunk_id: trunk.id,
      name: trunk.name,
      outbound: this.#outbound.get(trunk.id) ?? 0,
      max_outbound: trunk.dialPlan?.max_outbound ?? trunk.maxCalls,
    };
  }
}
