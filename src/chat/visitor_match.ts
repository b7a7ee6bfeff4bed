import { type Crm, DuplicateContactError, InvalidPhoneError, normalisePhone } from "../crm/mod.ts";

export interface VisitorDetails {
  name: string;
  phone?: string;
  email?: string;
  language?: string;
}

/** Which customer a visitor is, and how that was decided. */
export interface VisitorMatch {
  customerId: number;
  matched: "phone" | "email" | "created";
}

/**
 * Finds the visitor among the CRM's customers by phone (normalised to E.164 by the CRM),
 * then by e-mail; a visitor found by neither becomes a new customer with what they typed.
 * A phone that is no number is left out rather than refusing the chat.
 */
export function matchVisitor(crm: Crm, visitor: VisitorDetails, country: string): VisitorMatch {
  let e164: string | undefined;
  if (visitor.phone) {
    try {
      e164 = normalisePhone(visitor.phone, country);
    } catch (error) {
      if (!(error instanceof InvalidPhoneError)) throw error;
    }
  }
  if (e164) {
    const id = crm.customers.idByPhone(e164);
    if (id !== undefined) return { customerId: id, matched: "phone" };
  }
  if (visitor.email) {
    const hit = crm.findCustomers(visitor.email, 1).find((h) => h.matched === "email");
    if (hit) return { customerId: hit.id, matched: "email" };
  }
  try {
    const customer = crm.customers.create({
      name: visitor.name,
      phones: e164 ? [{ number: e164, label: "chat" }] : [],
      emails: visitor.email ? [visitor.email] : [],
      ...(visitor.language ? { language: visitor.language } : {}),
    });
    return { customerId: customer.id, matched: "created" };
  } catch (error) {
    // Another chat created the same customer a moment ago.
    if (error instanceof DuplicateContactError) {
      return { customerId: error.customerId, matched: error.field === "email" ? "email" : "phone" };
    }
    throw error;
  }
}
