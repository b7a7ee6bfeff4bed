/** The demo center's customers and main menu; kept apart from the seeding logic. */

export interface DemoCustomer {
  account: string;
  name: string;
  company: string;
  vip: number;
  language: "en" | "zh-CN";
  tags: string[];
  phones: string[];
  email?: string;
  cases: { subject: string; category: string; priority: string; status: string; note: string }[];
}

export const DEMO_CUSTOMERS: DemoCustomer[] = [
  {
    account: "12345",
    name: "Zhou Xiaoming",
    company: "Zhou Trading Co.",
    vip: 2,
    language: "zh-CN",
    tags: ["wholesale"],
    phones: ["+8613800138000", "+862161234567"],
    email: "zhou@example.com",
    cases: [
      {
        subject: "Invoice for March order",
        category: "billing",
        priority: "normal",
        status: "resolved",
        note: "Invoice re-sent by e-mail.",
      },
      {
        subject: "Delivery delayed for order 88231",
        category: "delivery",
        priority: "high",
        status: "open",
        note: "Carrier says two more days; customer asked for a call back.",
      },
    ],
  },
  {
    account: "20001",
    name: "Alice Morgan",
    company: "Morgan Design Ltd",
    vip: 0,
    language: "en",
    tags: ["new"],
    phones: ["+442079460000"],
    email: "alice@example.org",
    cases: [
      {
        subject: "Cannot log in to the web shop",
        category: "account",
        priority: "normal",
        status: "pending_customer",
        note: "Password reset link sent; waiting for the customer.",
      },
    ],
  },
  {
    account: "20002",
    name: "Huang Li",
    company: "",
    vip: 1,
    language: "zh-CN",
    tags: ["retail"],
    phones: ["+8613911112222"],
    cases: [
      {
        subject: "Refund for damaged kettle",
        category: "complaint",
        priority: "high",
        status: "escalated",
        note: "Photos received; tier 2 to approve refund.",
      },
    ],
  },
  {
    account: "20003",
    name: "Sun Qiang",
    company: "Sun Logistics",
    vip: 3,
    language: "zh-CN",
    tags: ["key account", "logistics"],
    phones: ["+8618612345678"],
    email: "sun.q@example.com",
    cases: [],
  },
  {
    account: "20004",
    name: "Daniel Brooks",
    company: "Brooks & Sons",
    vip: 0,
    language: "en",
    tags: [],
    phones: ["+14155550100"],
    cases: [
      {
        subject: "Quote for 40 office chairs",
        category: "sales",
        priority: "normal",
        status: "new",
        note: "Wants delivery before the 15th.",
      },
    ],
  },
  {
    account: "20005",
    name: "Ma Lin",
    company: "Ma Family Restaurant",
    vip: 0,
    language: "zh-CN",
    tags: ["catering"],
    phones: ["+8613700001111"],
    cases: [
      {
        subject: "Warranty question for fridge",
        category: "support",
        priority: "low",
        status: "closed",
        note: "Warranty is two years; explained.",
      },
    ],
  },
];

/**
 * The demo's main menu. The IVR engine owns the flow format; this definition follows
 * it and is validated when the IVR domain loads it.
 */
export const DEMO_MAIN_MENU = {
  format: 1,
  name: "Main menu",
  timezone: "Asia/Shanghai",
  start: "hours",
  nodes: {
    hours: {
      type: "business_hours",
      schedule: "weekdays_9_18",
      exits: { open: "welcome", closed: "after_hours" },
    },
    welcome: { type: "play", prompt: "welcome", exits: { next: "menu" } },
    menu: {
      type: "menu",
      prompt: "main_menu",
      keys: { "1": "sales", "2": "support", "3": "status", "9": "voicemail", "0": "operator" },
      timeout_s: 5,
      retries: 3,
      exits: { invalid: "menu", timeout: "menu", failed: "operator" },
    },
    sales: { type: "queue", queue: "Sales", skill: "sales" },
    support: { type: "queue", queue: "Support", skill: "support" },
    status: {
      type: "collect",
      prompt: "enter_account",
      min: 4,
      max: 10,
      terminator: "#",
      exits: { done: "lookup", failed: "menu" },
    },
    lookup: { type: "crm_lookup", by: "account", exits: { found: "say_status", missing: "menu" } },
    say_status: { type: "play", prompt: "order_status", exits: { next: "menu" } },
    voicemail: { type: "voicemail", max_s: 120 },
    operator: { type: "queue", queue: "Support", priority: 1 },
    after_hours: { type: "play", prompt: "closed", exits: { next: "voicemail" } },
  },
} as const;
