/** Via header values (RFC 3261 §20.42, §18.2.1; RFC 3581 rport). */
import { SipParseError } from "./errors.ts";
import { formatParams, isToken, type Params, parseBoundedInt, parseParams } from "./grammar.ts";
import { parseHostPort } from "./uri.ts";

/** RFC 3261 §8.1.1.7: branches that start with this are unique per transaction. */
export const MAGIC_COOKIE = "z9hG4bK";

export interface Via {
  protocol: string;
  version: string;
  /** Upper-cased transport, e.g. UDP, TCP, TLS, SCTP, WS, WSS. */
  transport: string;
  host: string;
  port?: number;
  branch?: string;
  received?: string;
  /** `true` when present without a value (request asks for it), else the port. */
  rport?: number | true;
  maddr?: string;
  ttl?: number;
  /** Every other parameter, keyed by lower-cased name. */
  params: Params;
}

const PROTOCOL_RE = /^([^\s/]+)[ \t]*\/[ \t]*([^\s/]+)[ \t]*\/[ \t]*([^\s/]+)[ \t]+([\s\S]*)$/;

/** Parses one Via value (not a comma-separated list). */
export function parseVia(value: string): Via {
  const match = PROTOCOL_RE.exec(value.trim());
  if (!match) throw new SipParseError("Via has a malformed sent-protocol");
  const [, protocol, version, transport, rest] = match;
  if (!isToken(protocol) || !isToken(version) || !isToken(transport)) {
    throw new SipParseError("Via has a malformed sent-protocol");
  }
  const { host, port, end } = parseHostPort(rest, "Via sent-by", true);
  const params = parseParams(rest.slice(end), "Via");
  const via: Via = {
    protocol: protocol.toUpperCase(),
    version,
    transport: transport.toUpperCase(),
    host,
    port,
    params,
  };
  const branch = takeParam(params, "branch");
  if (branch !== undefined) {
    if (branch === null || !isToken(branch)) throw new SipParseError("Via branch is not a token");
    via.branch = branch;
  }
  const received = takeParam(params, "received");
  if (received !== undefined) {
    if (received === null) throw new SipParseError("Via received has no value");
    via.received = received;
  }
  const rport = takeParam(params, "rport");
  if (rport !== undefined) {
    via.rport = rport === null ? true : parseBoundedInt(rport, 65535, "Via rport");
  }
  const maddr = takeParam(params, "maddr");
  if (maddr !== undefined) {
    if (maddr === null) throw new SipParseError("Via maddr has no value");
    via.maddr = maddr;
  }
  const ttl = takeParam(params, "ttl");
  if (ttl !== undefined) {
    if (ttl === null) throw new SipParseError("Via ttl has no value");
    via.ttl = parseBoundedInt(ttl, 255, "Via ttl");
  }
  return via;
}

function takeParam(params: Params, name: string): string | null | undefined {
  if (!params.has(name)) return undefined;
  const value = params.get(name)!;
  params.delete(name);
  return value;
}

/** Serialises a Via value; `protocol` and `version` default to SIP/2.0. */
export function formatVia(
  via: Omit<Via, "protocol" | "version" | "params"> & Partial<Via>,
): string {
  let out = `${via.protocol ?? "SIP"}/${
    via.version ?? "2.0"
  }/${via.transport.toUpperCase()} ${via.host}`;
  if (via.port !== undefined) out += `:${via.port}`;
  if (via.branch !== undefined) out += `;branch=${via.branch}`;
  if (via.received !== undefined) out += `;received=${via.received}`;
  if (via.rport === true) out += ";rport";
  else if (via.rport !== undefined) out += `;rport=${via.rport}`;
  if (via.maddr !== undefined) out += `;maddr=${via.maddr}`;
  if (via.ttl !== undefined) out += `;ttl=${via.ttl}`;
  if (via.params) out += formatParams(via.params);
  return out;
}

/** The default port for a Via transport when sent-by omits it (RFC 3261 §18.2.2). */
export function defaultPort(transport: string): number {
  const upper = transport.toUpperCase();
  if (upper === "TLS") return 5061;
  if (upper === "WS") return 80;
  if (upper === "WSS") return 443;
  return 5060;
}
