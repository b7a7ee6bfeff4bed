import type { CancelTimer, Clock } from "../../clock/mod.ts";
import type { Logger } from "../../log/mod.ts";
import {
  type ClientTransaction,
  createRequest,
  type Destination,
  generateCallId,
  generateTag,
  hostForUri,
  type SipRequest,
  type TransactionUser,
} from "../core/mod.ts";
import type { Trunk, TrunkDirectory } from "./trunk_directory.ts";
import { TrunkRegistration, type TrunkRegistrationStatus } from "./trunk_registration.ts";

/** What trunk upkeep needs from the SIP stack. */
export interface TrunkUpkeepDeps {
  clock: Clock;
  log: Logger;
  trunks: TrunkDirectory;
  advertisedHost: string;
  /** Where PBXs reach the appliance (the Contact of its registrations). */
  contactHost: () => { host: string; port: number };
  sendRequest(
    request: SipRequest,
    destination: Destination,
    listener?: Partial<Pick<TransactionUser, "onResponse" | "onTimeout" | "onTransportError">>,
  ): ClientTransaction;
  publish: (type: string, data: Record<string, unknown>) => void;
}

/**
 * What the appliance does towards its trunks' PBXs on its own: registers where a trunk says
 * so (RFC 3261 §10.2), and probes each enabled trunk with OPTIONS (§11) to know its health.
 * Both follow the trunks' settings as the admin changes them.
 */
export class TrunkUpkeep {
  #registrations = new Map<number, { key: string; registration: TrunkRegistration }>();
  #pingTimers: CancelTimer[] = [];
  #stopping = false;

  constructor(private readonly deps: TrunkUpkeepDeps) {}

  start(): void {
    this.#schedulePings();
    this.#register();
    this.deps.trunks.onChange(() => {
      if (this.#stopping) return;
      for (const cancel of this.#pingTimers.splice(0)) cancel();
      this.#schedulePings();
      this.#register();
    });
  }

  stop(): void {
    this.#stopping = true;
    for (const cancel of this.#pingTimers) cancel();
    for (const { registration } of this.#registrations.values()) registration.stop();
  }

  /** Where the appliance's registration to a trunk's PBX stands; undefined when it does not register. */
  registration(trunkId: number): TrunkRegistrationStatus | undefined {
    return this.#registrations.get(trunkId)?.registration.status;
  }

  /** Starts, restarts or stops registrations so they follow the trunks' settings. */
  #register(): void {
    const wanted = new Set<number>();
    for (const trunk of this.deps.trunks.list()) {
      const password = this.deps.trunks.secretOf(trunk.id);
      if (!trunk.enabled || !trunk.register || !trunk.username || !password) continue;
      wanted.add(trunk.id);
      const key = JSON.stringify([
        trunk.host,
        trunk.port,
        trunk.transport,
        trunk.username,
        password,
      ]);
      const current = this.#registrations.get(trunk.id);
      if (current?.key === key) continue;
      current?.registration.stop();
      const registration = new TrunkRegistration({
        clock: this.deps.clock,
        log: this.deps.log,
        contactHost: this.deps.contactHost,
        sendRequest: this.deps.sendRequest,
        changed: (status) =>
          this.deps.publish("trunk.registration", {
            trunk_id: trunk.id,
            name: trunk.name,
            ...status,
          }),
      }, {
        host: trunk.host,
        port: trunk.port,
        transport: trunk.transport,
        username: trunk.username,
        password,
      });
      this.#registrations.set(trunk.id, { key, registration });
      registration.start();
    }
    for (const [id, { registration }] of this.#registrations) {
      if (wanted.has(id)) continue;
      registration.stop();
      this.#registrations.delete(id);
    }
  }

  #schedulePings(): void {
    for (const trunk of this.deps.trunks.list()) {
      if (!trunk.enabled || trunk.optionsIntervalS <= 0) continue;
      const ping = () => {
        if (this.#stopping) return;
        this.#ping(trunk);
        // Only the newest timer per trunk matters; older cancel functions are spent.
        this.#pingTimers = this.#pingTimers.slice(-64);
        this.#pingTimers.push(this.deps.clock.setTimer(trunk.optionsIntervalS * 1000, ping));
      };
      this.#pingTimers.push(this.deps.clock.setTimer(1000, ping));
    }
  }

  #ping(trunk: Trunk): void {
    const uri = `sip:${hostForUri(trunk.host)}:${trunk.port}`;
    const request = createRequest({ method: "OPTIONS", uri });
    request.headers.append("Max-Forwards", "70");
    request.headers.append(
      "From",
      `<sip:cc@${hostForUri(this.deps.advertisedHost)}>;tag=${generateTag()}`,
    );
    request.headers.append("To", `<${uri}>`);
    request.headers.append("Call-ID", generateCallId(this.deps.advertisedHost));
    request.headers.append("CSeq", "1 OPTIONS");
    const report = (health: "up" | "down") => {
      if (this.deps.trunks.setHealth(trunk.id, health)) {
        this.deps.publish("trunk.health", { trunk_id: trunk.id, name: trunk.name, health });
      }
    };
    this.deps.sendRequest(request, {
      transport: trunk.transport,
      host: trunk.host,
      port: trunk.port,
    }, {
      onResponse: (response) => response.status >= 200 && report("up"),
      onTimeout: () => report("down"),
      onTransportError: () => report("down"),
    });
  }
}
