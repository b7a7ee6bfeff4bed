/**
 * The far end's UDP socket, through FFI: a blocking `recvmsg(2)` that takes each
 * datagram's arrival time from the kernel (`SO_TIMESTAMPNS`, stamped when the packet came
 * off loopback), so that a reader woken late does not count its own lateness as the
 * sender's. Used by the plain receiver and the WebRTC relay, each on a thread raised to
 * real-time priority where allowed. IPv4 on Linux (x86-64 and arm64 layouts) only.
 *
 * @module
 */

const AF_INET = 2;
const SOCK_DGRAM = 2;
const SOL_SOCKET = 1;
const SO_RCVBUF = 8;
const SO_SNDBUF = 7;
const SO_RCVTIMEO = 20;
const SO_TIMESTAMPNS = 35;
const CLOCK_REALTIME = 0;

let libc: ReturnType<typeof openLibc> | undefined;

function openLibc() {
  return Deno.dlopen("libc.so.6", {
    socket: { parameters: ["i32", "i32", "i32"], result: "i32" },
    setsockopt: { parameters: ["i32", "i32", "i32", "buffer", "u32"], result: "i32" },
    bind: { parameters: ["i32", "buffer", "u32"], result: "i32" },
    getsockname: { parameters: ["i32", "buffer", "buffer"], result: "i32" },
    recvmsg: { parameters: ["i32", "buffer", "i32"], result: "isize" },
    sendto: { parameters: ["i32", "buffer", "usize", "i32", "buffer", "u32"], result: "isize" },
    clock_gettime: { parameters: ["i32", "buffer"], result: "i32" },
  }).symbols;
}

/** A `struct sockaddr_in` for `address:port` (dotted IPv4). */
export function sockaddrIn(address: string, port: number): Uint8Array {
  const addr = new Uint8Array(16);
  const view = new DataView(addr.buffer);
  view.setUint16(0, AF_INET, true);
  view.setUint16(2, port, false);
  addr.set(address.split(".").map(Number), 4);
  return addr;
}

/** "a.b.c.d:port" of a `struct sockaddr_in`. */
export function sockaddrKey(addr: Uint8Array): string {
  return `${addr[4]}.${addr[5]}.${addr[6]}.${addr[7]}:${(addr[2] << 8) | addr[3]}`;
}

/** One bound socket on 127.0.0.1; the last datagram read is in `buffer`, its sender in `from`. */
export class TimestampedSocket {
  readonly fd: number;
  readonly port: number;
  readonly buffer = new Uint8Array(2048);
  /** The sender of the last datagram read, a `struct sockaddr_in`. */
  readonly from = new Uint8Array(16);
  /** When the last datagram arrived (the kernel's stamp) and when it was read, ns. */
  arrivalNs = 0n;
  readNs = 0n;
  readonly #lib: NonNullable<typeof libc>;
  readonly #iov = new BigUint64Array(2);
  readonly #control = new Uint8Array(64);
  readonly #controlView = new DataView(this.#control.buffer);
  readonly #msg = new BigUint64Array(7);
  readonly #msgView = new DataView(this.#msg.buffer);
  readonly #now = new BigInt64Array(2);

  /** Binds a port on 127.0.0.1; reads give up after `readTimeoutMs` without a datagram. */
  constructor(readTimeoutMs = 100) {
    const lib = this.#lib = libc ??= openLibc();
    const fd = lib.socket(AF_INET, SOCK_DGRAM, 0);
    if (fd < 0) throw new Error("Could not open the far-end socket");
    const int = (v: number) => new Int32Array([v]);
    lib.setsockopt(fd, SOL_SOCKET, SO_RCVBUF, int(8 << 20), 4);
    lib.setsockopt(fd, SOL_SOCKET, SO_SNDBUF, int(8 << 20), 4);
    lib.setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, int(1), 4);
    const timeout = new BigInt64Array([
      BigInt(Math.floor(readTimeoutMs / 1000)),
      BigInt((readTimeoutMs % 1000) * 1000),
    ]);
    lib.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, timeout, 16);
    const addr = sockaddrIn("127.0.0.1", 0);
    if (lib.bind(fd, addr, 16) !== 0) throw new Error("Could not bind the far-end socket");
    lib.getsockname(fd, addr, new Uint32Array([16]));
    this.fd = fd;
    this.port = new DataView(addr.buffer).getUint16(2, false);
    const pointer = (b: BufferSource) =>
      BigInt(Deno.UnsafePointer.value(Deno.UnsafePointer.of(b as Uint8Array)));
    this.#iov[0] = pointer(this.buffer);
    this.#iov[1] = BigInt(this.buffer.length);
    this.#msg[0] = pointer(this.from);
    this.#msg[2] = pointer(this.#iov);
    this.#msg[3] = 1n;
    this.#msg[4] = pointer(this.#control);
  }

  /** The wall clock the kernel stamps with, ns. */
  nowNs(): bigint {
    this.#lib.clock_gettime(CLOCK_REALTIME, this.#now);
    return this.#now[0] * 1_000_000_000n + this.#now[1];
  }

  /** Blocks for the next datagram; its length, or -1 when the read timed out. */
  receive(): number {
    // recvmsg writes back the lengths of the name and the control data: set them again.
    this.#msgView.setUint32(8, 16, true);
    this.#msg[5] = BigInt(this.#control.length);
    this.#msg[6] = 0n;
    const got = Number(this.#lib.recvmsg(this.fd, this.#msg, 0));
    if (got < 0) return -1;
    const readNs = this.readNs = this.nowNs();
    // The one control message asked for: SCM_TIMESTAMPNS, a struct timespec.
    const controlLength = Number(this.#msgView.getBigUint64(40, true));
    const control = this.#controlView;
    this.arrivalNs = controlLength >= 32 && control.getInt32(12, true) === SO_TIMESTAMPNS
      ? control.getBigInt64(16, true) * 1_000_000_000n + control.getBigInt64(24, true)
      : readNs;
    return got;
  }

  /** Sends the first `length` bytes of `bytes` to `to` (a `struct sockaddr_in`). */
  sendTo(bytes: Uint8Array, length: number, to: Uint8Array): void {
    this.#lib.sendto(this.fd, bytes, BigInt(length), 0, to, 16);
  }
}
