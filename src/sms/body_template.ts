import type { SmsGateway } from "./gateway_config.ts";

export interface OutboundSms {
  to: string;
  from: string;
  text: string;
}

/**
 * The gateway's request body for one message. Each value is escaped for where it
 * lands: inside a JSON string for a JSON body, URL-encoded for a form body, so a quote
 * or an ampersand in the agent's text can never change the request's shape.
 */
export function fillBody(
  gateway: Pick<SmsGateway, "body_format" | "body_template">,
  sms: OutboundSms,
): string {
  const escape = gateway.body_format === "json"
    ? (value: string) => JSON.stringify(value).slice(1, -1)
    : (value: string) => encodeURIComponent(value);
  return gateway.body_template.replace(
    /\{(to|from|text)\}/g,
    (_, key: keyof OutboundSms) => escape(sms[key]),
  );
}

/** The Content-Type that goes with the body format. */
export function contentType(format: SmsGateway["body_format"]): string {
  return format === "json" ? "application/json" : "application/x-www-form-urlencoded";
}
