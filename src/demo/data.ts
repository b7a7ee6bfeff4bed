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
 * The demo's main menu (DID 1000) in the IVR flow format (see src/ivr/mod.ts): callers
 * known to the CRM hear their own language and VIPs get a higher priority; 1 Sales,
 * 2 Support, 3 case status by account number, 9 voicemail, 0 operator; after hours and
 * on holidays a message or a callback. Wrong keys or silence replay the menu twice,
 * then the flow's fallback (the operator) takes the caller.
 */
export const DEMO_MAIN_MENU = {
  format: 1,
  name: "Main menu",
  description:
    "Welcome, 1 Sales, 2 Support, 3 case status, 9 voicemail, 0 operator; after-hours branch",
  timezone: "Asia/Shanghai",
  language: "zh-CN",
  start: "identify",
  fallback: "operator",
  nodes: {
    identify: {
      type: "crm_lookup",
      by: "caller",
      set_language: true,
      exits: { found: "hours", missing: "hours" },
    },
    hours: {
      type: "business_hours",
      schedule: "office",
      exits: { open: "welcome", closed: "after_hours", holiday: "holiday" },
    },
    welcome: { type: "play", play: ["welcome"], exits: { next: "menu" } },
    menu: {
      type: "menu",
      play: ["main_menu"],
      timeout_s: 5,
      retries: 2,
      exits: { "1": "sales", "2": "support", "3": "account", "9": "voicemail", "0": "operator" },
    },
    sales: {
      type: "queue",
      queue: "Sales",
      priority: "{customer.vip}",
      skills: ["sales"],
      play: ["please_hold"],
    },
    support: {
      type: "queue",
      queue: "Support",
      priority: "{customer.vip}",
      skills: ["support"],
      play: ["please_hold"],
    },
    account: {
      type: "collect",
      play: ["enter_account"],
      variable: "account",
      min: 4,
      max: 10,
      terminator: "#",
      exits: { done: "status", failed: "menu" },
    },
    status: {
      type: "self_service",
      query: "case_status",
      account: "{account}",
      exits: { found: "after_status", missing: "not_found" },
    },
    not_found: { type: "play", play: ["account_not_found"], exits: { next: "menu" } },
    after_status: {
      type: "menu",
      play: ["anything_else"],
      timeout_s: 4,
      retries: 0,
      exits: { "0": "operator", "*": "menu", invalid: "goodbye", timeout: "goodbye" },
    },
    goodbye: { type: "hangup", play: ["goodbye"], self_served: true },
    voicemail: { type: "voicemail", max_s: 120, box: "general" },
    operator: { type: "queue", queue: "Support", priority: 1, play: ["please_hold"] },
    after_hours: { type: "play", play: ["closed"], exits: { next: "after_hours_menu" } },
    holiday: { type: "play", play: ["holiday"], exits: { next: "after_hours_menu" } },
    after_hours_menu: {
      type: "menu",
      play: ["after_hours_menu"],
      retries: 1,
      exits: { "1": "voicemail", "2": "callback", invalid: "voicemail", timeout: "voicemail" },
    },
    callback: { type: "callback", queue: "Support", priority: "{customer.vip}" },
  },
} as const;

/** The survey callers are offered after talking to an agent (`agent_id` is passed in). */
export const DEMO_SURVEY = {
  format: 1,
  name: "Post-call survey",
  description: "Two 1–5 questions after the call, scored for the agent",
  timezone: "Asia/Shanghai",
  language: "zh-CN",
  start: "identify",
  fallback: "bye",
  nodes: {
    identify: {
      type: "crm_lookup",
      by: "caller",
      set_language: true,
      exits: { found: "survey", missing: "survey" },
    },
    survey: {
      type: "survey",
      intro: ["survey_intro"],
      questions: [
        { id: "satisfaction", play: ["survey_satisfaction"] },
        { id: "resolved", play: ["survey_resolved"] },
      ],
      exits: { done: "bye" },
    },
    bye: { type: "hangup", play: ["goodbye"] },
  },
} as const;

/** Office hours (Asia/Shanghai, by the flows' time zone) and public holidays. */
export const DEMO_SCHEDULES = {
  office: {
    hours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: "09:00", closes: "18:00" })),
    holidays: [
      ...[1, 2, 3, 4, 5, 6, 7].map((d) => ({ date: `2026-10-0${d}`, name: "National Day" })),
      { date: "2027-01-01", name: "New Year's Day" },
    ],
  },
};
