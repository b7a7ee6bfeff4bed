/**
 * The far end of the WebRTC benchmark: a transparent UDP relay in front of a sample of the
 * benchmark's browsers. A WebRTC peer speaks ICE, DTLS and SRTP with the appliance, so a
 * plain receiver cannot stand in for it; instead both sides' descriptions give this
 * socket as the other's only candidate (`_relay_candidates.ts`), and every datagram is
 * forwarded unchanged, STUN and DTLS included. The SRTP that the appliance sends toward
 * a browser is timed on the way through: its RTP header is in the clear (RFC 3711 §3.1),
 * and the arithmetic is the plain receiver's (`_far_end_timing.ts`).
 *
 * Run as `deno run -A bench/_far_end_relay.ts`: it prints `{"port": n}` once bound, then
 * reads with blocking `recvmsg(2)` on a thread raised to real-time priority where allowed,
 * taking each datagram's arrival from the kernel before forwarding it (so the relay's own
 * forwarding delay is not in the figure). It is driven by control datagrams to the same
 * socket, JSON objects (first byte `{`, which no WebRTC protocol uses, RFC 7983), each
 * answered to its sender with `{"seq": n, ...}`:
 * - `{"op": "route", "appliance": ["a:p", …], "peer": ["a:p", …], "label": "webrtc"}`:
 *   datagrams from any of the appliance's addresses go to the first peer address, and the
 *   other way round; what the appliance sends is timed under `label` (plain RTP legs can be
 *   relayed too, to compare both kinds of leg in one run);
 * - `{"op": "measure"}`: the measured window starts;
 * - `{"op": "report"}`: answers with the window's figures so far, per label;
 * - `{"op": "stop"}`: ends the process.
 *
 * @module
 */

import { raiseThreadPriority } from "../src/threads/mod.ts";
import { datagramKind } from "./_datagram_kind.ts";
import { ArrivalTiming, type FarEndReport } from "./_far_end_timing.ts";
import { sockaddrIn, sockaddrKey, TimestampedSocket } from "./_far_end_socket.ts";

const CONTROL = 0x7b; // "{"

/** Where a datagram from one address goes, and whether it is the appliance's. */
interface Route {
  to: Uint8Array;
  /** Where the appliance's packets on this route are timed; none for the peer's. */
  timing?: ArrivalTiming;
}

/** A control request, as the benchmark sends it. */
export type RelayRequest =
  | { op: "route"; appliance: string[]; peer: string[]; label: string }
  | { op: "measure" }
  | { op: "report" }
  | { op: "stop" };

function toSockaddr(hostPort: string): Uint8Array {
  const at = hostPort.lastIndexOf(":");
  return sockaddrIn(hostPort.slice(0, at), Number(hostPort.slice(at + 1)));
}

function run(): void {
  const priority = raiseThreadPriority("realtime");
  const socket = new TimestampedSocket();
  console.log(JSON.stringify({ port: socket.port }));
  const buffer = socket.buffer;
  const routes = new Map<string, Route>();
  const timings = new Map<string, ArrivalTiming>();
  let measuring = false;
  let forwarded = 0;
  let unrouted = 0;
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();

  for (;;) {
    const got = socket.receive();
    if (got < 1) continue;
    if (buffer[0] === CONTROL) {
      const request = JSON.parse(decoder.decode(buffer.subarray(0, got))) as
        & RelayRequest
        & { seq: number };
      const answer = control(request);
      const bytes = encoder.encode(JSON.stringify({ seq: request.seq, ...answer }));
      socket.sendTo(bytes, bytes.length, socket.from);
      if (request.op === "stop") return;
      continue;
    }
    const route = routes.get(sockaddrKey(socket.from));
    if (!route) {
      unrouted++;
      continue;
    }
    // Timed before it is forwarded: the relay's own delay is not the appliance's.
    if (measuring && route.timing && datagramKind(buffer, got) === "rtp") {
      route.timing.record(buffer.subarray(0, got), socket.arrivalNs, socket.readNs);
    }
    socket.sendTo(buffer, got, route.to);
    forwarded++;
  }

  function control(request: RelayRequest): Record<string, unknown> {
    switch (request.op) {
      case "route": {
        const toPeer = toSockaddr(request.peer[0]);
        const toAppliance = toSockaddr(request.appliance[0]);
        let timing = timings.get(request.label);
        if (!timing) timings.set(request.label, timing = new ArrivalTiming());
        for (const a of request.appliance) {
          routes.set(sockaddrKey(toSockaddr(a)), { to: toPeer, timing });
        }
        for (const p of request.peer) routes.set(sockaddrKey(toSockaddr(p)), { to: toAppliance });
        return {};
      }
      case "measure":
        for (const timing of timings.values()) timing.reset();
        measuring = true;
        return {};
      case "report": {
        const reports: Record<string, FarEndReport> = {};
        for (const [label, timing] of timings) reports[label] = timing.report(priority.granted);
        return { reports, forwarded, unrouted };
      }
      case "stop":
        return {};
    }
  }
}

if (import.meta.main) run();
