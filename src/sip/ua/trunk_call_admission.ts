import type { Logger, LogOncePerInterval } from "../../log/mod.ts";
import {
  callIdOf,
  createResponse,
  type Destination,
  type DigestAuthenticator,
  generateTag,
  type InviteServerTransaction,
  type ServerTransaction,
  type SipRequest,
  type TransactionLayer,
} from "../core/mod.ts";
import type { LegHost } from "./leg.ts";
import { calledNumberOf, callerOf } from "./numbers.ts";
import { ServerLeg } from "./server_leg.ts";
import type { SourceGuard } from "./source_guard.ts";
import type { Trunk, TrunkDirectory } from "./trunk_directory.ts";
import type { SipCallHandler } from "./sip_call_handler.ts";

/** What {@link TrunkCallAdmission} counts, on the stack's own counters. */
export interface AdmissionCounters {
  invites: number;
  forbidden: number;
  blocked: number;
}

export interface TrunkCallAdmissionOptions {
  host: LegHost;
  log: Logger;
  quiet: LogOncePerInterval;
  trunks: TrunkDirectory;
  guard: SourceGuard;
  /** Checks PBXs that authenticate to the appliance with a trunk's credentials. */
  trunkAuth: DigestAuthenticator;
  counters: AdmissionCounters;
  setupTimeoutMs: number;
  /** The call layer, once there is one. */
  handler: () => SipCallHandler | undefined;
  /** Whether the stack is stopping and refuses new calls. */
  stopping: () => boolean;
  layer: () => TransactionLayer;
}

/**
 * Decides what becomes of a new INVITE: a trunk's call (known by its address or by its
 * digest credentials) becomes a {@link ServerLeg} for the call layer while the trunk has
 * room; anything else is refused with the status that says why. It also answers CANCELs,
 * which belong to the INVITE they cancel.
 */
export class TrunkCallAdmission {
  readonly #o: TrunkCallAdmissionOptions;
  /** The leg of each INVITE transaction whose call is still up. */
  readonly #legs = new WeakMap<InviteServerTransaction, ServerLeg>();

  constructor(options: TrunkCallAdmissionOptions) {
    this.#o = options;
  }

  invite(request: SipRequest, transaction: InviteServerTransaction, source: Destination): void {
    const o = this.#o;
    o.counters.invites++;
    let trunk = o.trunks.matchSource(source.host);
    if (!trunk) {
      const authenticated = this.#digestTrunk(request, transaction);
      if (authenticated === "challenged") return;
      trunk = authenticated;
    }
    if (!trunk) {
      this.#forbid(request, transaction, source);
      return;
    }
    const did = calledNumberOf(request);
    const { number: caller, name: callerName } = callerOf(request);
    const handler = o.handler();
    const refuse = (status: number, reason: string) => {
      o.counters.blocked++;
      transaction.respond(createResponse(request, status, { toTag: generateTag() }));
      handler?.blockedCall({ trunk, did, caller, reason, sipCallId: callIdOf(request) });
    };
    if (o.stopping()) {
      refuse(503, "shutting_down");
      return;
    }
    if (!handler) {
      refuse(503, "no_call_handler");
      o.quiet.maybe(
        "no-handler",
        (n) =>
          o.log.warn("refused a call: nothing takes calls yet", {
            sip_call_id: callIdOf(request),
            suppressed: n,
          }),
      );
      return;
    }
    if (!o.trunks.acquire(trunk)) {
      refuse(503, "trunk_full");
      return;
    }
    const leg = new ServerLeg(o.host, request, transaction, source, {
      setupTimeoutMs: o.setupTimeoutMs,
    });
    this.#legs.set(transaction, leg);
    leg.listen({
      ended: () => {
        o.trunks.release(trunk);
        // The INVITE's transaction outlives the call by up to 32 s (Timer L, RFC 6026
        // §7.1); the ended leg, its dialog and its SDP need not live that long with it.
        this.#legs.delete(transaction);
      },
    });
    try {
      handler.incomingCall({ leg, trunk, did, caller, callerName });
    } catch (error) {
      // The call layer failed before answering: the caller still gets a final answer and
      // the trunk slot comes back.
      o.log.error("the call layer could not take an incoming call", {
        sip_call_id: leg.sipCallId,
        error,
      });
      leg.reject(500);
    }
  }

  cancel(request: SipRequest, transaction: ServerTransaction): void {
    const invite = this.#o.layer().findInviteServerTransaction(request);
    if (!invite) {
      transaction.respond(createResponse(request, 481));
      return;
    }
    const leg = this.#legs.get(invite);
    if (!leg) {
      // RFC 3261 §9.2: the INVITE was answered and its call is over; the CANCEL still
      // matched a transaction, so it gets 200 and has no effect.
      transaction.respond(createResponse(request, 200));
      return;
    }
    leg.receiveCancel(request, transaction);
  }

  #forbid(request: SipRequest, transaction: InviteServerTransaction, source: Destination): void {
    const o = this.#o;
    o.counters.forbidden++;
    transaction.respond(
      createResponse(request, 403, { reason: "Not A Trunk", toTag: generateTag() }),
    );
    o.quiet.maybe(
      `forbidden:${source.host}`,
      (n) =>
        o.log.warn("refused an INVITE from an unknown source", {
          source: source.host,
          suppressed: n,
        }),
    );
    if (o.guard.refused(source.host)) {
      o.log.warn("blocking a flooding address", { source: source.host });
    }
  }

  /**
   * A PBX that is not recognised by its address may prove it is a trunk with that trunk's
   * digest credentials (RFC 3261 §22.2): its first INVITE is challenged, its second
   * answered with the trunk it authenticated as. Trunks that register to their PBX are
   * not among them: those credentials are ours to present, not to check.
   */
  #digestTrunk(
    request: SipRequest,
    transaction: InviteServerTransaction,
  ): Trunk | "challenged" | undefined {
    const { trunks, trunkAuth } = this.#o;
    const candidates = trunks.list().filter((t) =>
      t.enabled && !t.register && t.username && t.hasPassword
    );
    if (candidates.length === 0) return undefined;
    const authorization = request.headers.get("Authorization");
    let username: string | undefined;
    const result = trunkAuth.verify(authorization, { method: "INVITE" }, (name) => {
      const trunk = candidates.find((t) => t.username === name);
      const password = trunk && trunks.secretOf(trunk.id);
      if (!password) return undefined;
      username = name;
      return { password };
    });
    if (result === "missing" || result === "stale") {
      transaction.respond(createResponse(request, 401, {
        toTag: generateTag(),
        headers: trunkAuth.createChallenges({ stale: result === "stale" })
          .map((c) => ["WWW-Authenticate", c] as [string, string]),
      }));
      return "challenged";
    }
    return result === "ok" ? candidates.find((t) => t.username === username) : undefined;
  }
}
