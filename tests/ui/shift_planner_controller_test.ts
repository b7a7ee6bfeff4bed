import assert from "node:assert/strict";
import type { ScheduleBlockJson } from "../../ui/agent/my_schedule_controller.ts";
import { ApiError } from "../../ui/common/api_client.ts";
import { localInstant, weekStartOf } from "../../ui/reports/plan_week.ts";
import { ShiftPlannerController } from "../../ui/reports/shift_planner_controller.ts";
import { ShiftProposalController } from "../../ui/reports/shift_proposal_controller.ts";
import { inChinese } from "../support/in_chinese.ts";
import { controllerHost as host } from "../support/controller_host.ts";

/** Wednesday 9 December 2026, 10:00 in Shanghai (UTC+8). */
const NOW = Date.parse("2026-12-09T02:00:00Z");
const ZONE = "Asia/Shanghai";

const USERS = [
  { id: 5, username: "agent5", display_name: "Zhou Min", role: "agent", active: true },
  { id: 3, username: "agent3", display_name: "Ann Lee", role: "agent", active: true },
  { id: 9, username: "agent9", display_name: "Gone Away", role: "agent", active: false },
  { id: 2, username: "super1", display_name: "Grace Ho", role: "supervisor", active: true },
];

const block = (
  id: number,
  userId: number,
  kind: "shift" | "break",
  starts: string,
  ends: string,
): ScheduleBlockJson => ({ id, user_id: userId, kind, starts_at: starts, ends_at: ends });

const BLOCKS = [
  block(1, 3, "shift", "2026-12-08T01:00:00Z", "2026-12-08T09:00:00Z"),
  block(2, 3, "break", "2026-12-08T04:00:00Z", "2026-12-08T04:30:00Z"),
  block(3, 5, "shift", "2026-12-10T00:00:00Z", "2026-12-10T08:00:00Z"),
];

/** A fake API: records what was sent, answers from `answer` or a week of the plan. */
function fakeApi(answer?: (method: string, path: string, body: unknown) => unknown) {
  const sent: { method: string; path: string; body?: unknown }[] = [];
  let nextId = 100;
  const request = <T>(method: string, path: string, body?: unknown): Promise<T> => {
    sent.push({ method, path, body });
    const given = answer?.(method, path, body);
    if (given instanceof Error) return Promise.reject(given);
    if (given !== undefined) return Promise.resolve(given as T);
    if (path === "/users") return Promise.resolve({ users: USERS } as T);
    if (path.startsWith("/schedules?")) return Promise.resolve({ blocks: BLOCKS } as T);
    if (method === "POST" && path === "/schedules") {
      return Promise.resolve({ block: { id: nextId++, ...(body as object) } } as T);
    }
    return Promise.resolve(undefined as T);
  };
  return { sent, request };
}

const refusal = (path: string, code: string, words: string) =>
  new ApiError(400, "invalid_request", words, { issues: [{ path, code, message: words }] });

async function plannerWith(api = fakeApi()) {
  const planner = new ShiftPlannerController(host(), {
    request: api.request,
    timeZone: ZONE,
    now: () => NOW,
  });
  await planner.load();
  return planner;
}

Deno.test("a planning week runs Monday to Sunday", () => {
  assert.equal(weekStartOf("2026-12-09"), "2026-12-07");
  assert.equal(weekStartOf("2026-12-07"), "2026-12-07");
  assert.equal(weekStartOf("2026-12-13"), "2026-12-07");
});

Deno.test("a wall-clock time is the zone's, also on the day daylight saving starts", () => {
  assert.equal(localInstant("2026-12-08", "09:00", ZONE), Date.parse("2026-12-08T01:00:00Z"));
  // London moves to summer time at 01:00 on 29 March 2026: 09:00 that day is 08:00 UTC.
  assert.equal(
    localInstant("2026-03-29", "09:00", "Europe/London"),
    Date.parse("2026-03-29T08:00:00Z"),
  );
});

Deno.test("loading a week asks for the users and the blocks from local Monday to the next", async () => {
  const api = fakeApi();
  const planner = await plannerWith(api);
  assert.equal(planner.week, "2026-12-07");
  const asked = api.sent.find((s) => s.path.startsWith("/schedules?"))!;
  const query = new URLSearchParams(asked.path.split("?")[1]);
  assert.equal(query.get("from"), "2026-12-06T16:00:00.000Z");
  assert.equal(query.get("to"), "2026-12-13T16:00:00.000Z");
  assert.deepEqual(
    planner.agents.map((a) => a.name),
    ["Ann Lee", "Zhou Min"],
    "active agents only, by name",
  );
  const [ann, zhou] = planner.rows;
  assert.deepEqual(ann.days.map((d) => d.shifts.map((s) => s.id)), [[], [1], [], [], [], [], []]);
  assert.deepEqual(ann.days[1].shifts[0].breaks.map((b) => b.id), [2]);
  assert.equal(ann.hours, 8);
  assert.deepEqual(zhou.days[3].shifts.map((s) => s.id), [3]);
  assert.equal(planner.loading, false);
  assert.equal(planner.error, null);
});

Deno.test("the next week is asked for from its own Monday", async () => {
  const api = fakeApi();
  const planner = await plannerWith(api);
  await planner.showWeek("2026-12-16");
  assert.equal(planner.week, "2026-12-14");
  const last = api.sent.filter((s) => s.path.startsWith("/schedules?")).at(-1)!;
  assert.match(last.path, /from=2026-12-13T16%3A00%3A00.000Z/);
});

Deno.test("adding a shift sends the agent, the kind and the local times as instants", async () => {
  const api = fakeApi();
  const planner = await plannerWith(api);
  planner.edit({ user_id: "5", kind: "shift", day: "2026-12-08", start: "09:00", end: "17:00" });
  assert.equal(await planner.add(), true);
  const post = api.sent.find((s) => s.method === "POST")!;
  assert.equal(post.path, "/schedules");
  assert.deepEqual(post.body, {
    user_id: 5,
    kind: "shift",
    starts_at: "2026-12-08T01:00:00.000Z",
    ends_at: "2026-12-08T09:00:00.000Z",
  });
  assert.deepEqual(planner.rows[1].days[1].shifts.map((s) => s.id), [100], "shown at once");
  assert.equal(planner.done, "Added: Shift 09:00–17:00, Zhou Min.");
  assert.deepEqual(planner.fieldErrors, {});
});

Deno.test("a night shift that ends the next day is sent ending the next morning", async () => {
  const api = fakeApi();
  const planner = await plannerWith(api);
  planner.edit({ user_id: "3", day: "2026-12-10", start: "22:00", end: "06:00", next_day: true });
  await planner.add();
  const body = api.sent.find((s) => s.method === "POST")!.body as Record<string, string>;
  assert.equal(body.starts_at, "2026-12-10T14:00:00.000Z");
  assert.equal(body.ends_at, "2026-12-10T22:00:00.000Z");
});

Deno.test("a block that ends before it starts, or lacks an agent, is stopped before sending", async () => {
  const api = fakeApi();
  const planner = await plannerWith(api);
  planner.edit({ user_id: "", day: "2026-12-08", start: "17:00", end: "09:00" });
  assert.equal(await planner.add(), false);
  assert.deepEqual(planner.fieldErrors, {
    user_id: "Fill this in.",
    ends_at: "The end must be after the start; for a night shift, tick “Ends the next day”.",
  });
  assert.equal(api.sent.some((s) => s.method === "POST"), false);
});

Deno.test("a refusal lands at the field the server names, in the page's language", async () => {
  const outside = refusal(
    "starts_at",
    "break_outside_shift",
    "A break must lie inside one of the agent's shifts; plan the shift first",
  );
  const api = fakeApi((method) => method === "POST" ? outside : undefined);
  const planner = await plannerWith(api);
  planner.edit({ user_id: "5", kind: "break", day: "2026-12-12", start: "12:00", end: "12:30" });
  assert.equal(await planner.add(), false);
  assert.deepEqual(planner.fieldErrors, {
    starts_at: "A break must lie inside one of the agent's shifts; plan the shift first.",
  });
  assert.equal(planner.notice, null, "nothing more to say above the form");
  await inChinese(async () => {
    await planner.add();
    assert.deepEqual(planner.fieldErrors, {
      starts_at: "休息必须在该坐席的某个班次之内；请先安排班次。",
    });
  });
});

Deno.test("deleting a shift takes its breaks off the grid with it", async () => {
  const api = fakeApi();
  const planner = await plannerWith(api);
  assert.equal(await planner.remove(1), true);
  assert.deepEqual(api.sent.at(-1), { method: "DELETE", path: "/schedules/1", body: undefined });
  assert.deepEqual(planner.blocks.map((b) => b.id), [3]);
  assert.equal(planner.done, "Deleted: Shift 09:00–17:00, Ann Lee.");
});

function proposalWith(api: ReturnType<typeof fakeApi>) {
  const proposal = new ShiftProposalController(host(), { request: api.request, timeZone: ZONE });
  proposal.planDay("2026-12-10");
  return proposal;
}

Deno.test("the staffing need of a past day fills the need from its first to its last busy interval", async () => {
  const start = Date.parse("2026-12-02T16:00:00Z");
  const intervals = [0, 0, 2, 3, null, 1, 0].map((needed, i) => ({
    start: new Date(start + i * 30 * 60_000).toISOString(),
    needed,
  }));
  const api = fakeApi((_m, path) =>
    path.startsWith("/reports/staffing") ? { intervals } : undefined
  );
  const proposal = proposalWith(api);
  assert.equal(proposal.draft.source, "2026-12-03", "the same weekday a week before");
  await proposal.takeStaffingNeed();
  const query = new URLSearchParams(api.sent[0].path.split("?")[1]);
  assert.equal(query.get("from"), "2026-12-02T16:00:00.000Z");
  assert.equal(query.get("interval"), "30m");
  assert.equal(query.get("tz"), ZONE);
  assert.equal(proposal.draft.need, "2, 3, 0, 1");
  assert.equal(proposal.draft.starts_at, "01:00");
});

/** A proposal's answer: `shifts` as given, the rest of the plan from `blocks`. */
const proposing = (
  blocks: ScheduleBlockJson[],
  shifts: { starts_at: string; ends_at: string }[],
) =>
(_method: string, path: string) => {
  if (path.startsWith("/schedules?")) return { blocks };
  if (path === "/schedules/proposal") return { shifts, agent_hours: 2, needed_agent_hours: 1.5 };
};

Deno.test("the proposal is asked for the planned day, its need padded to a whole shift", async () => {
  const api = fakeApi(proposing([], [
    { starts_at: "2026-12-10T00:00:00.000Z", ends_at: "2026-12-10T02:00:00.000Z" },
  ]));
  const proposal = proposalWith(api);
  proposal.edit({ starts_at: "08:00", need: "1，1 1", shift_hours: "2" });
  assert.equal(await proposal.propose(), true);
  assert.deepEqual(api.sent[1], {
    method: "POST",
    path: "/schedules/proposal",
    body: {
      starts_at: "2026-12-10T00:00:00.000Z",
      interval_minutes: 30,
      need: [1, 1, 1, 0],
      shift_hours: [2],
    },
  });
  assert.equal(proposal.shifts.length, 1);
  assert.equal(proposal.shifts[0].user_id, null);
});

Deno.test("a need that is not numbers is said at the need, and nothing is asked", async () => {
  const api = fakeApi();
  const proposal = proposalWith(api);
  proposal.edit({ need: "2, many", shift_hours: "0" });
  assert.equal(await proposal.propose(), false);
  assert.deepEqual(Object.keys(proposal.fieldErrors), ["need", "shift_hours"]);
  assert.equal(api.sent.length, 0);
});

Deno.test("saving a proposal sends only the assigned shifts and keeps the refused ones with why", async () => {
  const overlap = refusal(
    "starts_at",
    "overlaps_shift",
    "The shift overlaps another shift of the agent; move or remove that shift first",
  );
  const progress: string[] = [];
  let posts = 0;
  const api = fakeApi((method, path) => {
    if (path === "/schedules/proposal") {
      return {
        shifts: ["00", "02", "04"].map((h) => ({
          starts_at: `2026-12-10T${h}:00:00.000Z`,
          ends_at: `2026-12-10T${h}:30:00.000Z`,
        })),
        agent_hours: 1.5,
        needed_agent_hours: 1.5,
      };
    }
    if (path.startsWith("/schedules?")) return { blocks: [] };
    if (method === "POST") return ++posts === 2 ? overlap : { block: {} };
  });
  const proposal = new ShiftProposalController({
    ...host(),
    requestUpdate() {
      if (proposal?.progress) {
        progress.push(`${proposal.progress.current}/${proposal.progress.total}`);
      }
    },
  }, { request: api.request, timeZone: ZONE });
  proposal.planDay("2026-12-10");
  proposal.edit({ need: "1", shift_hours: "0.5" });
  await proposal.propose();
  const [first, second, third] = proposal.shifts;
  proposal.assign(first.key, 3);
  proposal.assign(third.key, 5);

  assert.equal(await proposal.saveAssigned(), 1);
  const saves = api.sent.filter((s) => s.path === "/schedules");
  assert.deepEqual(saves.map((s) => s.body), [
    { user_id: 3, kind: "shift", starts_at: first.starts_at, ends_at: first.ends_at },
    { user_id: 5, kind: "shift", starts_at: third.starts_at, ends_at: third.ends_at },
  ]);
  assert.deepEqual([...new Set(progress)], ["1/2", "2/2"]);
  assert.deepEqual(proposal.shifts.map((s) => s.key), [second.key, third.key], "saved ones leave");
  assert.equal(proposal.shifts[0].failure, null, "the unassigned one waits");
  assert.equal(
    proposal.shifts[1].failure,
    "The shift overlaps another shift of the agent; move or remove that shift first.",
  );
  assert.equal(proposal.done, "Shifts saved to the plan: 1.");
  assert.equal(proposal.notice, "Shifts not saved: 1. They stay in the list with the reason.");
  assert.equal(proposal.progress, null);
});

Deno.test("saving a proposal with no agent assigned says so and sends nothing", async () => {
  const api = fakeApi();
  const proposal = proposalWith(api);
  assert.equal(await proposal.saveAssigned(), 0);
  assert.equal(proposal.notice, "Assign at least one shift to an agent first.");
  assert.equal(api.sent.length, 0);
});

Deno.test("a proposal covers only what the shifts already planned leave of the need", async () => {
  // Zhou Min works 08:00–16:00 on Thursday, away 09:30–09:45.
  const planned = [
    block(3, 5, "shift", "2026-12-10T00:00:00Z", "2026-12-10T08:00:00Z"),
    block(4, 5, "break", "2026-12-10T01:30:00Z", "2026-12-10T01:45:00Z"),
  ];
  const api = fakeApi(proposing(planned, [
    { starts_at: "2026-12-10T01:00:00.000Z", ends_at: "2026-12-10T03:00:00.000Z" },
  ]));
  const proposal = proposalWith(api);
  proposal.edit({ starts_at: "08:00", need: "1, 1, 2, 2", shift_hours: "2" });
  assert.equal(await proposal.propose(), true);

  const asked = new URLSearchParams(api.sent[0].path.split("?")[1]);
  assert.equal(asked.get("from"), "2026-12-10T00:00:00.000Z", "the need's first interval");
  assert.equal(asked.get("to"), "2026-12-10T02:00:00.000Z", "to the end of its last");
  assert.deepEqual(proposal.cover?.need, [1, 1, 2, 2]);
  assert.deepEqual(proposal.cover?.planned, [1, 1, 1, 0]);
  assert.deepEqual(proposal.cover?.remaining, [0, 0, 1, 2]);
  assert.deepEqual(api.sent[1].body, {
    starts_at: "2026-12-10T01:00:00.000Z",
    interval_minutes: 30,
    need: [1, 2, 0, 0],
    shift_hours: [2],
  }, "from the first interval something is left in, padded to a whole shift");
  assert.equal(proposal.shifts.length, 1);
});

Deno.test("a need the plan already covers is said so, and nothing is proposed", async () => {
  const api = fakeApi(proposing(BLOCKS, []));
  const proposal = proposalWith(api);
  proposal.edit({ starts_at: "08:00", need: "1, 1, 0, 1", shift_hours: "8" });
  assert.equal(await proposal.propose(), true);
  assert.deepEqual(api.sent.map((s) => s.method), ["GET"], "no proposal asked for");
  assert.deepEqual(proposal.cover?.remaining, [0, 0, 0, 0]);
  assert.deepEqual(proposal.shifts, []);
  assert.equal(proposal.summary, null);
  assert.equal(
    proposal.done,
    "The shifts already planned cover the whole need of Thu, 12/10: there is nothing to propose.",
  );
  await inChinese(() => {
    assert.match(proposal.done!, /^已排班次已覆盖 12\/10.+ 的全部需求/);
  });
});

Deno.test("saving proposed shifts works out again what is left of the need", async () => {
  const plan: ScheduleBlockJson[] = [];
  const api = fakeApi((method, path, body) => {
    if (path.startsWith("/schedules?")) return { blocks: [...plan] };
    if (path === "/schedules/proposal") {
      return {
        shifts: [{ starts_at: "2026-12-10T00:00:00.000Z", ends_at: "2026-12-10T01:00:00.000Z" }],
        agent_hours: 1,
        needed_agent_hours: 1,
      };
    }
    if (method === "POST" && path === "/schedules") {
      plan.push({ id: 7, ...(body as Omit<ScheduleBlockJson, "id">) });
      return { block: plan.at(-1) };
    }
  });
  const proposal = proposalWith(api);
  proposal.edit({ starts_at: "08:00", need: "2, 2", shift_hours: "1" });
  await proposal.propose();
  assert.deepEqual(proposal.cover?.remaining, [2, 2]);
  proposal.assign(proposal.shifts[0].key, 3);
  assert.equal(await proposal.saveAssigned(), 1);
  assert.deepEqual(proposal.cover?.planned, [1, 1]);
  assert.deepEqual(proposal.cover?.remaining, [1, 1]);
  assert.equal(proposal.summary, null, "the proposal's sums no longer hold");
  assert.equal(proposal.busy, null);

  await proposal.propose();
  assert.deepEqual(api.sent.at(-1)?.body, {
    starts_at: "2026-12-10T00:00:00.000Z",
    interval_minutes: 30,
    need: [1, 1],
    shift_hours: [1],
  }, "the second proposal is for the remainder only");
});

Deno.test("what the plan covers is dropped when it cannot be read again, and nothing is proposed", async () => {
  let down = false;
  const api = fakeApi((_method, path) =>
    down && path.startsWith("/schedules?")
      ? new ApiError(503, "unavailable", "The schedules cannot be read now")
      : proposing([], [])(_method, path)
  );
  const proposal = proposalWith(api);
  proposal.edit({ need: "1", shift_hours: "8" });
  assert.equal(await proposal.propose(), true);
  assert.deepEqual(proposal.cover?.remaining, [1]);
  down = true;
  const asked = api.sent.length;
  assert.equal(await proposal.propose(), false);
  assert.equal(proposal.cover, null, "yesterday's figures would mislead");
  assert.deepEqual(api.sent.slice(asked).map((s) => s.method), ["GET"]);
  assert.match(proposal.notice ?? "", /cannot be read/);
});
