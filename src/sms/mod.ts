/**
 * SMS: text messages with customers through an HTTP gateway the admin configures (send
 * URL, method, auth header and token, a body template with `{to}`, `{from}` and
 * `{text}`), in the same contact model as every other channel.
 *
 * The gateway posts inbound messages to `POST /api/v1/sms/inbound`, signed with HMAC-SHA256
 * of the raw body (`X-SMS-Signature: sha256=…`) or carrying the shared secret
 * (`X-SMS-Token`); {@link webhookAuthentic} checks either. {@link SmsChannel} matches the
 * sender to a customer through the CRM (or creates one), keeps one conversation per
 * number until it has been quiet for `conversation_idle_hours`, writes each conversation
 * as an `sms` interaction on the customer's timeline, ignores a gateway message id it has
 * already stored, and rate-limits each number. Agents reply from the customer or case
 * page; a reply is sent with retries and back-off, and one the gateway still refuses is
 * kept as `failed` with the reason, to be sent again on request.
 *
 * @module
 */
export { SmsChannel } from "./sms_channel.ts";
export type { Received, SmsChannelOptions, SmsThread } from "./sms_channel.ts";
export {
  BODY_FORMATS,
  type SmsGateway,
  SmsGatewaySchema,
  SmsGatewayStore,
  type SmsGatewayUpdate,
  SmsGatewayUpdateSchema,
  type SmsGatewayView,
} from "./gateway_config.ts";
export { contentType, fillBody, type OutboundSms } from "./body_template.ts";
export { type DeliveryOutcome, type Fetch } from "./gateway_delivery.ts";
export { type InboundSms, InboundSmsSchema, type SmsReply, SmsReplySchema } from "./inbound_sms.ts";
export { REFUSALS, type SmsRefusal, SmsRefused } from "./sms_refused.ts";
export { type SmsConversation, type SmsMessage, type SmsStatus } from "./sms_threads.ts";
export { SIGNATURE_HEADER, signBody, TOKEN_HEADER, webhookAuthentic } from "./webhook_auth.ts";
