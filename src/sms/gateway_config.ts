import { z } from "zod";

/** How the gateway wants the message: a JSON body or an HTML form body. */
export const BODY_FORMATS = ["json", "form"] as const;

const url = z.url({ protocol: /^https?$/, error: "must be an http or https URL" }).max(2000);

/**
 * The SMS gateway as the admin configures it: where and how an outbound message is
 * sent (the body template fills `{to}`, `{from}` and `{text}`), the secret inbound
 * webhooks prove themselves with, and the limits the appliance keeps.
 */
export const SmsGatewaySchema = z.object({
  enabled: z.boolean().default(false),
  send_url: url.nullable().default(null),
  method: z.enum(["POST", "PUT"]).default("POST"),
  /** The header that carries the token (`Authorization`, `X-Api-Key`); null: none sent. */
  auth_header: z.string().trim().regex(/^[A-Za-z0-9-]{1,64}$/, "must be a header name")
    .nullable().default("Authorization"),
  /** Sent as the auth header's whole value (`Bearer abc…`); kept, never shown back. */
  auth_token: z.string().max(2000).nullable().default(null),
  body_format: z.enum(BODY_FORMATS).default("json"),
  body_template: z.string().min(1).max(4000)
    .refine((t) => t.includes("{to}") && t.includes("{text}"), "must contain {to} and {text}")
    .default('{"to": "{to}", "from": "{from}", "text": "{text}"}'),
  /** The center's sending number or sender name, put in `{from}`. */
  from: z.string().trim().max(40).default(""),
  /** The secret inbound webhooks sign with (or send as a token); null refuses them all. */
  inbound_secret: z.string().min(16, "must be at least 16 characters").max(200).nullable()
    .default(null),
  /** Inbound messages per number per minute beyond which they are refused (429). */
  inbound_per_minute: z.number().int().min(1).max(600).default(10),
  /** A thread quiet for longer than this starts a new conversation. */
  conversation_idle_hours: z.number().min(1).max(24 * 30).default(24),
  /** The service-level threshold T: a customer's text answered within it counts as in time. */
  response_target_s: z.number().int().min(10).max(86_400).default(900),
  /** Tries per outbound message, the first included. */
  send_attempts: z.number().int().min(1).max(10).default(3),
}).strict();
export type SmsGateway = z.infer<typeof SmsGatewaySchema>;

/** What an admin sends: every field optional; a secret left out keeps the stored one. */
export const SmsGatewayUpdateSchema = SmsGatewaySchema.partial().strict();
export type SmsGatewayUpdate = z.infer<typeof SmsGatewayUpdateSchema>;

/** The configuration as the API shows it: secrets replaced by whether they are set. */
export type SmsGatewayView = Omit<SmsGateway, "auth_token" | "inbound_secret"> & {
  auth_token_set: boolean;
  inbound_secret_set: boolean;
};

const KEY = "sms.gateway";

/** Reads and writes the gateway configuration (validated JSON in the settings table). */
export class SmsGatewayStore {
  constructor(
    private readonly settings: {
      get(key: string): string | undefined;
      set(k: string, v: string): void;
    },
  ) {}

  get(): SmsGateway {
    const raw = this.settings.get(KEY);
    const parsed = SmsGatewaySchema.safeParse(raw ? JSON.parse(raw) : {});
    return parsed.success ? parsed.data : SmsGatewaySchema.parse({});
  }

  /** Merges `change` into the stored configuration and returns what is now in force. */
  update(change: SmsGatewayUpdate): SmsGateway {
    // The partial schema still fills defaults; only the fields the change names apply.
    const parsed = SmsGatewayUpdateSchema.parse(change);
    const named = Object.fromEntries(Object.entries(parsed).filter(([key]) => key in change));
    const next = SmsGatewaySchema.parse({ ...this.get(), ...named });
    if (next.enabled && !next.send_url) {
      throw new RangeError("A gateway cannot be enabled without a send URL");
    }
    this.settings.set(KEY, JSON.stringify(next));
    return next;
  }

  view(): SmsGatewayView {
    const { auth_token, inbound_secret, ...rest } = this.get();
    return {
      ...rest,
      auth_token_set: auth_token !== null,
      inbound_secret_set: inbound_secret !== null,
    };
  }
}
