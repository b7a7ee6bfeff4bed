/**
 * A small client for the appliance's JSON API under `/api/v1`.
 *
 * It keeps the CSRF token handed out by `/auth/me` and `/auth/login` and sends
 * it with every write, always with same-origin credentials so the session
 * cookie travels. Failures become {@linkcode ApiError}s carrying the server's
 * error code.
 *
 * @module
 */

/** Roles an account can have, in the order the handbook lists the posts. */
export const ROLES = ["agent", "team_lead", "supervisor", "qa", "admin"] as const;

/** One of {@linkcode ROLES}. */
export type Role = typeof ROLES[number];

/** The signed-in account as the server describes it. */
export interface User {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  extension: string | null;
}

/** What `/auth/me` and `/auth/login` answer with. */
export interface Session {
  user: User;
  csrf_token: string;
}

/** What `/health` answers with. */
export interface Health {
  status: "ok";
  version: string;
  uptime_s: number;
  role?: "primary" | "standby";
  /** Replication between this box and its peer, when set up. */
  replication?: ReplicationHealth;
}

/** Replication as `/health` shows it (docs/decisions/023-replication.md). */
export interface ReplicationHealth {
  /** Grows at every takeover: the primary with the highest is the one. */
  epoch: number;
  state: "primary" | "connecting" | "following" | "stopped" | "off";
  /** The standby's address on a primary, the primary's on a standby. */
  peer?: string;
  applied_seq?: number;
  head_seq: number;
  lag_changes?: number;
  lag_s?: number;
  /** Seconds since the peer was last heard. */
  last_contact_s?: number;
  last_takeover_at?: string;
  error?: string;
}

/** Error code used when the server could not be reached at all. */
export const NETWORK_ERROR = "network_error";

/** A failed API call: the HTTP status (0 when offline) and the server's error body. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details: unknown = null) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** Seconds the server asked us to wait, for `too_many_attempts` errors. */
  get retryAfterSeconds(): number | null {
    const details = this.details as { retry_after_s?: unknown } | null;
    const value = details?.retry_after_s;
    return typeof value === "number" && Number.isFinite(value)
      ? Math.max(0, Math.ceil(value))
      : null;
  }
}

/** Options for {@linkcode ApiClient}. */
export interface ApiClientOptions {
  /** Prefix for every path; defaults to `/api/v1`. */
  baseUrl?: string;
  /** The fetch to use; tests pass a fake. */
  fetch?: typeof fetch;
  /** Called when a request made with a session comes back 401 (the session ended). */
  onUnauthorized?: () => void;
}

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Talks to the appliance's JSON API on behalf of the signed-in browser. */
export class ApiClient {
  readonly #baseUrl: string;
  readonly #fetch: typeof fetch;
  readonly #onUnauthorized: (() => void) | undefined;
  #csrfToken: string | null = null;

  constructor(options: ApiClientOptions = {}) {
    this.#baseUrl = options.baseUrl ?? "/api/v1";
    this.#fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.#onUnauthorized = options.onUnauthorized;
  }

  /** Whether the client currently holds a session's CSRF token. */
  get hasSession(): boolean {
    return this.#csrfToken !== null;
  }

  /** The current session, or `null` when nobody is signed in. */
  async me(): Promise<Session | null> {
    try {
      const session = await this.request<Session>("GET", "/auth/me", undefined, {
        quietUnauthorized: true,
      });
      this.#csrfToken = session.csrf_token;
      return session;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        this.#csrfToken = null;
        return null;
      }
      throw error;
    }
  }

  /** Signs in; rejects with an {@linkcode ApiError} on wrong credentials or throttling. */
  async login(username: string, password: string): Promise<Session> {
    const session = await this.request<Session>("POST", "/auth/login", { username, password }, {
      quietUnauthorized: true,
    });
    this.#csrfToken = session.csrf_token;
    return session;
  }

  /**
   * Signs in with a failover ticket taken on the box this one took over from (the page
   * moved here by itself); rejects when the ticket is unknown, used or not yet valid.
   */
  async resume(ticket: string): Promise<Session> {
    const session = await this.request<Session>("POST", "/auth/resume", { ticket }, {
      quietUnauthorized: true,
    });
    this.#csrfToken = session.csrf_token;
    return session;
  }

  /** Ends the session. The local token is forgotten even if the server is unreachable. */
  async logout(): Promise<void> {
    try {
      await this.request<void>("POST", "/auth/logout", undefined, { quietUnauthorized: true });
    } finally {
      this.#csrfToken = null;
    }
  }

  /** The server's health and version; needs no session. */
  health(): Promise<Health> {
    return this.request<Health>("GET", "/health", undefined, { quietUnauthorized: true });
  }

  /**
   * Sends a file as the raw request body (an audio upload) and decodes the JSON answer.
   * `answerStatuses` lists refusals whose body is still the answer (a CSV import that
   * refuses its bad rows answers 422 with the report).
   */
  async upload<T>(
    path: string,
    file: Blob,
    contentType: string,
    options: { answerStatuses?: number[] } = {},
  ): Promise<T> {
    const headers = new Headers({ "Accept": "application/json", "Content-Type": contentType });
    if (this.#csrfToken) headers.set("X-CSRF-Token", this.#csrfToken);
    let response: Response;
    try {
      response = await this.#fetch(this.#baseUrl + path, {
        method: "POST",
        headers,
        body: file,
        credentials: "same-origin",
      });
    } catch {
      throw new ApiError(0, NETWORK_ERROR, "The server could not be reached");
    }
    if (!response.ok && !options.answerStatuses?.includes(response.status)) {
      throw await toApiError(response);
    }
    return await response.json() as T;
  }

  /**
   * Sends a large file as the raw body (`application/octet-stream`) and reports the share
   * sent so far (0 to 1) as it goes; fetch cannot report upload progress, XHR can.
   */
  uploadWithProgress<T>(path: string, file: Blob, onProgress: (sent: number) => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open("POST", this.#baseUrl + path);
      xhr.setRequestHeader("Accept", "application/json");
      xhr.setRequestHeader("Content-Type", "application/octet-stream");
      if (this.#csrfToken) xhr.setRequestHeader("X-CSRF-Token", this.#csrfToken);
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
      };
      xhr.onerror = () => reject(new ApiError(0, NETWORK_ERROR, "The server could not be reached"));
      xhr.onload = () => {
        const response = new Response(xhr.responseText || null, {
          status: xhr.status,
          statusText: xhr.statusText,
          headers: { "Content-Type": xhr.getResponseHeader("Content-Type") ?? "" },
        });
        if (response.ok) resolve(JSON.parse(xhr.responseText) as T);
        else void toApiError(response).then(reject, reject);
      };
      xhr.send(file);
    });
  }

  /**
   * Sends one request and decodes the JSON answer. Writes carry the CSRF
   * token; a 204 resolves to `undefined`.
   */
  async request<T>(
    method: string,
    path: string,
    body?: unknown,
    options: {
      quietUnauthorized?: boolean;
      signal?: AbortSignal;
      headers?: Record<string, string>;
    } = {},
  ): Promise<T> {
    const upper = method.toUpperCase();
    const headers = new Headers({ ...options.headers, "Accept": "application/json" });
    if (body !== undefined) headers.set("Content-Type", "application/json");
    if (WRITE_METHODS.has(upper) && this.#csrfToken) headers.set("X-CSRF-Token", this.#csrfToken);

    let response: Response;
    try {
      response = await this.#fetch(this.#baseUrl + path, {
        method: upper,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: "same-origin",
        signal: options.signal,
      });
    } catch (error) {
      if (error instanceof DOMException && error.name === "AbortError") throw error;
      throw new ApiError(0, NETWORK_ERROR, "The server could not be reached");
    }

    if (response.ok) {
      if (response.status === 204) return undefined as T;
      const text = await response.text();
      return (text ? JSON.parse(text) : undefined) as T;
    }

    const error = await toApiError(response);
    if (response.status === 401 && !options.quietUnauthorized && this.#csrfToken !== null) {
      this.#csrfToken = null;
      this.#onUnauthorized?.();
    }
    throw error;
  }
}

async function toApiError(response: Response): Promise<ApiError> {
  let payload: unknown = null;
  try {
    payload = await response.json();
  } catch {
    payload = null;
  }
  const error = (payload as { error?: { code?: unknown; message?: unknown; details?: unknown } })
    ?.error;
  const code = typeof error?.code === "string" ? error.code : `http_${response.status}`;
  const message = typeof error?.message === "string"
    ? error.message
    : response.statusText || `Request failed with status ${response.status}`;
  return new ApiError(response.status, code, message, error?.details ?? null);
}
