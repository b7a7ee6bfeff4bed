import { z } from "zod";

/**
 * An inbound message as the gateway's webhook posts it (JSON). `id` is the gateway's
 * own message id: a webhook delivered twice carries the same one, and the second is
 * acknowledged without storing anything.
 */
export const InboundSmsSchema = z.object({
  id: z.string().trim().min(1).max(200),
  from: z.string().trim().min(3).max(40),
  to: z.string().trim().max(40).optional(),
  text: z.string().max(2000),
  /** When the gateway received it; the appliance's clock is used when absent. */
  received_at: z.iso.datetime({ offset: true }).optional(),
});
export type InboundSms = z.infer<typeof InboundSmsSchema>;

/** An agent's reply; 1,600 characters is ten concatenated segments, as gateways allow. */
export const SmsReplySchema = z.object({
  text: z.string().trim().min(1, "a reply needs some text").max(1600),
  /** One of the customer's numbers; their newest thread's number when absent. */
  phone: z.string().trim().min(3).max(40).optional(),
}).strict();
export type SmsReply = z.infer<typeof SmsReplySchema>;
