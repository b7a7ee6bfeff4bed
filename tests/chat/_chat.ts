import { ChatStore } from "../../src/chat/mod.ts";
import { type CrmFixture, crmFixture } from "../crm/_crm.ts";

export interface ChatFixture extends CrmFixture {
  store: ChatStore;
}

/** A chat store beside a CRM on a fresh database and a virtual clock. */
export async function chatFixture(): Promise<ChatFixture> {
  const f = await crmFixture();
  return Object.assign(f, { store: new ChatStore(f.db, f.clock) });
}
