/**
 * A dialog's state (RFC 3261 §12): identity, sequence numbers, remote target and route
 * set, and the in-dialog requests built from them. No I/O: the caller sends what it builds.
 */
import { SipParseError } from "./errors.ts";
import {
  callIdOf,
  createRequest,
  cseqOf,
  fromOf,
  type SipRequest,
  type SipResponse,
  toOf,
} from "./message.ts";
import { parseNameAddr, tagOf } from "./name_addr.ts";
import { formatUri, parseUri } from "./uri.ts";

export const DialogState = {
  early: "early",
  confirmed: "confirmed",
  terminated: "terminated",
} as const;
export type DialogState = typeof DialogState[keyof typeof DialogState];

const TRANSITIONS: Record<DialogState, readonly DialogState[]> = {
  early: ["confirmed", "terminated"],
  confirmed: ["terminated"],
  terminated: [],
};

/** Methods whose Contact replaces the remote target (RFC 3261 §12.2; RFC 3311; RFC 6665). */
const TARGET_REFRESH = new Set(["INVITE", "UPDATE", "SUBSCRIBE", "NOTIFY"]);
/** Requests that must carry our Contact. */
const NEEDS_CONTACT = new Set(["INVITE", "UPDATE", "SUBSCRIBE", "NOTIFY", "REFER"]);

export interface DialogFields {
  callId: string;
  localTag: string;
  /** Undefined (RFC 3261's null tag) for an RFC 2543 caller that sent no From tag. */
  remoteTag: string | undefined;
  /** Our From/To value as sent, tag included. */
  localParty: string;
  remoteParty: string;
  /** Our Contact value, sent in target-refreshing requests. */
  localContact?: string;
  remoteTarget: string;
  routeSet: string[];
  localSeq: number;
  remoteSeq?: number;
  secure: boolean;
  state: DialogState;
}

export interface InDialogRequestOptions {
  body?: Uint8Array | string;
  contentType?: string;
  headers?: Iterable<readonly [string, string]>;
}

function contactUri(message: SipRequest | SipResponse): string | undefined {
  const value = message.headers.get("Contact");
  if (value === undefined || value === "*") return undefined;
  return formatUri(parseNameAddr(value).uri);
}

/**
 * Why a UAS could not build a dialog from this dialog-creating request, as a reason
 * phrase for the 400 that refuses it; undefined when it can. RFC 3261 §8.1.1.8 wants
 * exactly one Contact with a SIP or SIPS URI. An RFC 2543 caller may send none: its
 * From URI is then where requests inside the dialog go, and that must be SIP or SIPS.
 */
export function uasDialogProblem(request: SipRequest): string | undefined {
  const contacts = request.headers.getAll("Contact");
  if (contacts.length > 1) return "More Than One Contact";
  if (contacts.length === 1) {
    if (contacts[0].trim() === "*") return "Contact Must Not Be *";
    const scheme = parseNameAddr(contacts[0]).uri.scheme;
    if (scheme !== "sip" && scheme !== "sips") return "Contact Is Not A SIP URI";
    return undefined;
  }
  const scheme = fromOf(request).uri.scheme;
  if (scheme !== "sip" && scheme !== "sips") return "Missing Contact";
  return undefined;
}

/** The remote target of a dialog we accept: the Contact, or an RFC 2543 caller's From. */
function uasRemoteTarget(request: SipRequest): string {
  const problem = uasDialogProblem(request);
  if (problem) throw new SipParseError(`Dialog-creating request is unusable: ${problem}`);
  return contactUri(request) ?? formatUri(fromOf(request).uri);
}

function stateFor(response: SipResponse): DialogState {
  return response.status < 200 ? "early" : "confirmed";
}

export class Dialog {
  readonly callId: string;
  readonly localTag: string;
  readonly remoteTag: string | undefined;
  readonly localParty: string;
  readonly remoteParty: string;
  readonly localContact?: string;
  readonly secure: boolean;
  #remoteTarget: string;
  #routeSet: string[];
  #localSeq: number;
  #remoteSeq?: number;
  #state: DialogState;

  constructor(fields: DialogFields) {
    this.callId = fields.callId;
    this.localTag = fields.localTag;
    this.remoteTag = fields.remoteTag;
    this.localParty = fields.localParty;
    this.remoteParty = fields.remoteParty;
    this.localContact = fields.localContact;
    this.secure = fields.secure;
    this.#remoteTarget = fields.remoteTarget;
    this.#routeSet = [...fields.routeSet];
    this.#localSeq = fields.localSeq;
    this.#remoteSeq = fields.remoteSeq;
    this.#state = fields.state;
  }

  /** RFC 3261 §12.1.2: the caller's view, from its request and a 101-299 response with a To tag. */
  static fromUac(request: SipRequest, response: SipResponse): Dialog {
    const remoteTag = tagOf(toOf(response));
    const localTag = tagOf(fromOf(request));
    if (!remoteTag || !localTag) throw new SipParseError("Dialog needs tags on both From and To");
    const remoteTarget = contactUri(response);
    if (!remoteTarget) throw new SipParseError("Dialog-creating response has no Contact");
    return new Dialog({
      callId: callIdOf(request),
      localTag,
      remoteTag,
      localParty: request.headers.get("From")!,
      remoteParty: response.headers.get("To")!,
      localContact: request.headers.get("Contact"),
      remoteTarget,
      routeSet: response.headers.getAll("Record-Route").reverse(),
      localSeq: cseqOf(request).seq,
      secure: parseUri(request.uri).scheme === "sips",
      state: stateFor(response),
    });
  }

  /**
   * RFC 3261 §12.1.1: the callee's view, from the request and the response it sent. "A
   * UAS MUST be prepared to receive a request without a tag in the From field, in which
   * case the tag is considered to have a value of null": RFC 2543 did not require one.
   * Throws when {@link uasDialogProblem} names a problem, so check that first.
   */
  static fromUas(request: SipRequest, response: SipResponse): Dialog {
    const localTag = tagOf(toOf(response));
    if (!localTag) throw new SipParseError("Dialog needs a tag on To");
    const remoteTarget = uasRemoteTarget(request);
    return new Dialog({
      callId: callIdOf(request),
      localTag,
      remoteTag: tagOf(fromOf(request)),
      localParty: response.headers.get("To")!,
      remoteParty: request.headers.get("From")!,
      localContact: response.headers.get("Contact"),
      remoteTarget,
      routeSet: request.headers.getAll("Record-Route"),
      // §12.1.1 leaves it empty; §8.1.1.5 lets us pick any start below 2**31.
      localSeq: 0,
      remoteSeq: cseqOf(request).seq,
      secure: parseUri(request.uri).scheme === "sips",
      state: stateFor(response),
    });
  }

  /** Call-ID, local tag and remote tag (RFC 3261 §12). */
  get id(): string {
    return `${this.callId};local=${this.localTag};remote=${this.remoteTag ?? ""}`;
  }

  get state(): DialogState {
    return this.#state;
  }

  get remoteTarget(): string {
    return this.#remoteTarget;
  }

  get routeSet(): readonly string[] {
    return this.#routeSet;
  }

  get localSeq(): number {
    return this.#localSeq;
  }

  get remoteSeq(): number | undefined {
    return this.#remoteSeq;
  }

  transition(to: DialogState): void {
    if (!TRANSITIONS[this.#state].includes(to)) {
      throw new Error(`Dialog ${this.id} cannot move from ${this.#state} to ${to}`);
    }
    this.#state = to;
  }

  /** True when an incoming request belongs to this dialog (RFC 3261 §12.2.2). */
  matchesRequest(request: SipRequest): boolean {
    return callIdOf(request) === this.callId && tagOf(toOf(request)) === this.localTag &&
      tagOf(fromOf(request)) === this.remoteTag;
  }

  /**
   * Builds a request inside the dialog (RFC 3261 §12.2.1.1). Every method but ACK and
   * CANCEL takes the next local CSeq. The caller adds Via (the transaction layer does).
   */
  createRequest(method: string, options: InDialogRequestOptions = {}): SipRequest {
    if (this.#state === "terminated") throw new Error(`Dialog ${this.id} is terminated`);
    if (method === "ACK" || method === "CANCEL") {
      throw new TypeError(`${method} is built with createAck or createCancel, not createRequest`);
    }
    this.#localSeq += 1;
    return this.#build(method, this.#localSeq, options);
  }

  /**
   * RFC 3261 §13.2.2.4: the ACK for a 2xx has the INVITE's CSeq number and credentials and
   * is routed like any in-dialog request.
   */
  createAck(invite: SipRequest, options: InDialogRequestOptions = {}): SipRequest {
    const ack = this.#build("ACK", cseqOf(invite).seq, options);
    for (const name of ["Authorization", "Proxy-Authorization"]) {
      for (const value of invite.headers.getAll(name)) ack.headers.append(name, value);
    }
    return ack;
  }

  #build(method: string, seq: number, options: InDialogRequestOptions): SipRequest {
    const { uri, routes } = this.#routing();
    const request = createRequest({ method, uri, body: options.body });
    for (const route of routes) request.headers.append("Route", route);
    request.headers.append("Max-Forwards", "70");
    request.headers.append("From", this.localParty);
    request.headers.append("To", this.remoteParty);
    request.headers.append("Call-ID", this.callId);
    request.headers.append("CSeq", `${seq} ${method}`);
    if (this.localContact && NEEDS_CONTACT.has(method)) {
      request.headers.append("Contact", this.localContact);
    }
    for (const [name, value] of options.headers ?? []) request.headers.append(name, value);
    if (options.contentType !== undefined && request.body.length > 0) {
      request.headers.set("Content-Type", options.contentType);
    }
    return request;
  }

  // RFC 3261 §12.2.1.1: loose routing keeps the remote target as Request-URI; a strict
  // router at the head of the route set takes its place and the target goes last.
  #routing(): { uri: string; routes: string[] } {
    if (this.#routeSet.length === 0) return { uri: this.#remoteTarget, routes: [] };
    const first = parseNameAddr(this.#routeSet[0]).uri;
    if (first.kind !== "sip" || first.params.has("lr")) {
      return { uri: this.#remoteTarget, routes: [...this.#routeSet] };
    }
    const requestUri = formatUri({ ...first, headers: new Map() });
    return { uri: requestUri, routes: [...this.#routeSet.slice(1), `<${this.#remoteTarget}>`] };
  }

  /**
   * Applies an incoming in-dialog request (RFC 3261 §12.2.2). Returns 500 when its CSeq
   * is out of order, which the caller sends back; otherwise undefined.
   */
  receiveRequest(request: SipRequest): { status: 500; reason: string } | undefined {
    const seq = cseqOf(request).seq;
    if (request.method !== "ACK" && request.method !== "CANCEL") {
      if (this.#remoteSeq !== undefined && seq <= this.#remoteSeq) {
        return { status: 500, reason: "CSeq Out Of Order" };
      }
      this.#remoteSeq = seq;
    }
    if (TARGET_REFRESH.has(request.method)) {
      const target = contactUri(request);
      if (target) this.#remoteTarget = target;
    }
    return undefined;
  }

  /** Applies a response to a request we sent in this dialog (RFC 3261 §12.2.1.2, §13.2.2.4). */
  receiveResponse(request: SipRequest, response: SipResponse): void {
    if (response.status < 200 || response.status >= 300) return;
    if (this.#state === "early" && request.method === "INVITE") {
      this.#routeSet = response.headers.getAll("Record-Route").reverse();
      this.transition("confirmed");
    }
    if (TARGET_REFRESH.has(request.method)) {
      const target = contactUri(response);
      if (target) this.#remoteTarget = target;
    }
  }
}
