import assert from "node:assert/strict";
import { type FcrContact, firstContactResolution } from "../../src/crm/mod.ts";

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 4, 1);

function call(
  id: number,
  customerId: number | null,
  category: string,
  day: number,
  extra: Partial<FcrContact> = {},
): FcrContact {
  return {
    id,
    customerId,
    category,
    at: T0 + day * DAY,
    channel: "call",
    direction: "inbound",
    answered: true,
    resolves: true,
    ...extra,
  };
}

// The hand-computed log (period: days 0–9, window 7 days):
//  1 cust 1 billing  day 0 resolves, repeat by 3 on day 5 (same category) → not FCR
//  2 cust 2 delivery day 1 resolves, next contact on day 9 (8 days later)  → FCR
//  3 cust 1 billing  day 5 resolves, no later billing contact             → FCR
//  4 cust 3 account  day 2 does not resolve                               → not FCR
//  5 cust 4 billing  day 3 resolves, repeat on day 4 about delivery       → FCR (other category)
//  6 cust 4 delivery day 4 resolves, our outbound call-back on day 6      → FCR (not a repeat)
//  7 cust 5 billing  day 3 abandoned (not answered)                       → not counted
//  8 cust 2 delivery day 9 resolves; repeat chat on day 12 (after period) → not FCR
//  9 cust 6 billing  day 12 answered, after the period                    → not counted
// 10 cust 4 delivery day 6 outbound call-back                             → not counted
// 11 cust 2 delivery day 12 inbound chat                                  → a repeat for 8
// 12 cust 7 billing  day 4 resolves, repeat exactly 7 days later (day 11) → not FCR (window is inclusive)
// 13 cust 7 billing  day 11, after the period                             → a repeat for 12
// Answered in the period: 1, 2, 3, 4, 5, 6, 8, 12 = 8. FCR: 2, 3, 5, 6 = 4. Rate 50.0.
const LOG: FcrContact[] = [
  call(1, 1, "billing", 0),
  call(2, 2, "delivery", 1),
  call(3, 1, "billing", 5),
  call(4, 3, "account", 2, { resolves: false }),
  call(5, 4, "billing", 3),
  call(6, 4, "delivery", 4),
  call(7, 5, "billing", 3, { answered: false, resolves: false }),
  call(8, 2, "delivery", 9),
  call(9, 6, "billing", 12),
  call(10, 4, "delivery", 6, { direction: "outbound" }),
  call(11, 2, "delivery", 12, { channel: "chat" }),
  call(12, 7, "billing", 4),
  call(13, 7, "billing", 11),
];

Deno.test("firstContactResolution() matches the hand-computed log", () => {
  const result = firstContactResolution(LOG, { from: T0, to: T0 + 10 * DAY, windowDays: 7 });
  assert.equal(result.answered, 8);
  assert.deepEqual(result.resolved_ids.sort((a, b) => a - b), [2, 3, 5, 6]);
  assert.equal(result.resolved_first_contact, 4);
  assert.equal(result.rate, 50);
});

Deno.test("firstContactResolution() with a shorter window lets a later repeat count as a new issue", () => {
  const result = firstContactResolution(LOG, { from: T0, to: T0 + 10 * DAY, windowDays: 3 });
  // Call 1's repeat comes 5 days later and call 12's 7 days later: both now count as FCR.
  assert.deepEqual(result.resolved_ids.sort((a, b) => a - b), [1, 2, 3, 5, 6, 12]);
  assert.equal(result.rate, 75);
});

Deno.test("firstContactResolution() rounds to one decimal and is null without answered calls", () => {
  const three = [call(1, 1, "a", 0), call(2, 2, "a", 0), call(3, 3, "a", 0, { resolves: false })];
  assert.equal(firstContactResolution(three, { from: T0, to: T0 + DAY }).rate, 66.7);
  assert.equal(firstContactResolution([], { from: T0, to: T0 + DAY }).rate, null);
});

Deno.test("firstContactResolution() scopes the denominator but still sees repeats anywhere", () => {
  const log = [
    call(1, 1, "a", 0, { queueId: 1 }),
    call(2, 1, "a", 1, { queueId: 2 }),
    call(3, 2, "a", 0, { queueId: 1 }),
  ];
  const result = firstContactResolution(
    log,
    { from: T0, to: T0 + DAY * 2 },
    (c) => c.queueId === 1,
  );
  assert.equal(result.answered, 2);
  assert.deepEqual(result.resolved_ids, [3]);
});
