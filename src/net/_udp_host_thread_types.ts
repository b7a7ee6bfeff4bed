/**
 * The shapes the media socket thread's body (`_udp_host_thread.ts`) works with. Types
 * only: they vanish from the source text the thread runs.
 *
 * @module
 */

export interface NetAddr {
  transport: "udp";
  hostname: string;
  port: number;
}
export interface Conn {
  receive(buffer: Uint8Array): Promise<[Uint8Array, NetAddr]>;
  send(bytes: Uint8Array, to: NetAddr): Promise<number>;
  close(): void;
  readonly addr: NetAddr;
}
export interface Socket {
  id: number;
  /** The runtime's socket, or undefined for a C-library one (`fd`). */
  conn: Conn | undefined;
  fd: number;
  dests: NetAddr[];
  /** Each destination as a `struct sockaddr`, for a C-library socket. */
  names: (Uint8Array | undefined)[];
  sources: Map<string | number, number>;
  queue: [Uint8Array, NetAddr][];
  sending: boolean;
  errors: number;
  reported: number;
  closed: boolean;
  closeReq: number | undefined;
  idleReqs: number[];
  receiving: Promise<void> | undefined;
}
// deno-lint-ignore no-explicit-any
export type Request = any;
