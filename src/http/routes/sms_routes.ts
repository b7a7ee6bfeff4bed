import { z } from "zod";
import { ROLE_GROUPS } from "../../auth/mod.ts";
import {
  InboundSmsSchema,
  SIGNATURE_HEADER,
  type SmsChannel,
  type SmsGatewayStore,
  SmsGatewayUpdateSchema,
  type SmsMessage,
  SmsRefused,
  SmsReplySchema,
  TOKEN_HEADER,
  webhookAuthentic,
} from "../../sms/mod.ts";
import { ApiError } from "../api_error.ts";
import { route, type RouteTarget } from "../route.ts";
import { idParam, readJson } from "../validate.ts";

export interface SmsRouteDeps {
  sms: SmsChannel;
  smsGateway: SmsGatewayStore;
}

const STATUS = {
  not_authentic: 401,
  rate_limited: 429,
  bad_number: 400,
  no_number: 409,
  not_configured: 409,
  not_found: 404,
  not_failed: 409,
} as const;

function refused(error: unknown): never {
  if (error instanceof SmsRefused) {
    throw new ApiError(STATUS[error.reason], error.reason, error.message);
  }
  throw error;
}

/** A sent message is 201; one the gateway never took is 502 with the stored message. */
function answer(message: SmsMessage) {
  if (message.status === "sent") return { status: 201 as const, body: { message } };
  throw new ApiError(
    502,
    "sms_not_sent",
    message.error ?? "The gateway did not take the message",
    { message },
  );
}

const InboundAnswer = z.object({
  outcome: z.enum(["stored", "duplicate"]),
  message_id: z.number(),
  conversation_id: z.number(),
});

/**
 * SMS: the gateway's inbound webhook (public, proven by signature or token), the
 * gateway's configuration for admins, and a customer's threads and replies for agents.
 */
export function mountSmsRoutes(target: RouteTarget, deps: SmsRouteDeps): void {
  const { sms, smsGateway } = deps;

  route(target, {
    method: "post",
    path: "/sms/inbound",
    summary:
      "The SMS gateway's webhook for an inbound message; sign the raw body (X-SMS-Signature: sha256=HMAC) or send the secret (X-SMS-Token)",
    tag: "sms",
    access: "public",
    body: InboundSmsSchema,
    response: InboundAnswer,
  }, async (c) => {
    const raw = await c.req.text();
    const authentic = webhookAuthentic(smsGateway.get().inbound_secret, raw, {
      signature: c.req.header(SIGNATURE_HEADER),
      token: c.req.header(TOKEN_HEADER),
    });
    if (!authentic) {
      throw new ApiError(401, "not_authentic", "The webhook's signature or token is wrong");
    }
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      throw ApiError.badRequest("The body is not JSON");
    }
    const input = InboundSmsSchema.safeParse(body);
    if (!input.success) throw ApiError.fromZod(input.error);
    let got;
    try {
      got = sms.receive(input.data);
    } catch (error) {
      if (error instanceof SmsRefused && error.reason === "rate_limited") {
        c.header("Retry-After", "60");
      }
      refused(error);
    }
    c.set("audit", {
      entity: "sms_messages",
      entityId: String(got.message.id),
      details: { outcome: got.outcome, conversation_id: got.conversation_id },
    });
    return c.json({
      outcome: got.outcome,
      message_id: got.message.id,
      conversation_id: got.conversation_id,
    });
  });

  route(target, {
    method: "get",
    path: "/sms/gateway",
    summary: "The SMS gateway's configuration (the token and secret only as whether they are set)",
    tag: "sms",
    access: ROLE_GROUPS.admins,
  }, (c) => c.json({ gateway: smsGateway.view() }));

  route(target, {
    method: "put",
    path: "/sms/gateway",
    summary: "Change the SMS gateway's configuration; a token or secret left out is kept",
    tag: "sms",
    access: ROLE_GROUPS.admins,
    body: SmsGatewayUpdateSchema,
  }, async (c) => {
    const change = await readJson(c, SmsGatewayUpdateSchema);
    try {
      smsGateway.update(change);
    } catch (error) {
      if (error instanceof RangeError) throw ApiError.badRequest(error.message);
      throw error;
    }
    const view = smsGateway.view();
    c.set("audit", {
      entity: "settings",
      details: { enabled: view.enabled, send_url: view.send_url, fields: Object.keys(change) },
    });
    return c.json({ gateway: view });
  });

  route(target, {
    method: "get",
    path: "/customers/:id/sms",
    summary: "A customer's SMS threads on any of their numbers, newest first, with messages",
    tag: "sms",
    access: ROLE_GROUPS.anyone,
  }, (c) => {
    const id = idParam(c, "id", "Customer");
    try {
      return c.json({ threads: sms.threadsOf(id), waiting: sms.waiting() });
    } catch (error) {
      refused(error);
    }
  });

  route(target, {
    method: "post",
    path: "/customers/:id/sms",
    summary:
      "Text the customer: 201 once the gateway took it, 502 with the stored message when every try failed",
    tag: "sms",
    access: ROLE_GROUPS.anyone,
    body: SmsReplySchema,
    status: 201,
  }, async (c) => {
    const id = idParam(c, "id", "Customer");
    const input = await readJson(c, SmsReplySchema);
    let message;
    try {
      message = await sms.reply(id, c.get("user")!.id, input.text, input.phone);
    } catch (error) {
      refused(error);
    }
    c.set("audit", {
      entity: "sms_messages",
      entityId: String(message.id),
      details: { customer_id: id },
    });
    const { status, body } = answer(message);
    return c.json(body, status);
  });

  route(target, {
    method: "post",
    path: "/sms/messages/:id/resend",
    summary: "Send a failed SMS again, as it was written",
    tag: "sms",
    access: ROLE_GROUPS.anyone,
    status: 201,
  }, async (c) => {
    const id = idParam(c, "id", "Message");
    let message;
    try {
      message = await sms.resend(id);
    } catch (error) {
      refused(error);
    }
    const { status, body } = answer(message);
    return c.json(body, status);
  });
}
