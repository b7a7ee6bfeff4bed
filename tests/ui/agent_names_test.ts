import assert from "node:assert/strict";
import { activeAgents, namedAgent, nameOf } from "../../ui/reports/agent_names.ts";
import { StaffingController } from "../../ui/reports/staffing_controller.ts";
import { controllerHost as host } from "../support/controller_host.ts";

const USERS = [
  { id: 5, username: "agent5", display_name: "Zhou Min", role: "agent", active: true },
  { id: 3, username: "agent3", display_name: "", role: "agent", active: true },
  { id: 9, username: "agent9", display_name: "Gone Away", role: "agent", active: false },
  { id: 2, username: "super1", display_name: "Grace Ho", role: "supervisor", active: true },
];

Deno.test("a person is named by their display name, else by their username", () => {
  assert.deepEqual(namedAgent(USERS[0]), { id: 5, name: "Zhou Min" });
  assert.deepEqual(namedAgent(USERS[1]), { id: 3, name: "agent3" });
});

Deno.test("the agents a shift may go to are the active ones, by name", () => {
  assert.deepEqual(activeAgents(USERS).map((a) => a.name), ["agent3", "Zhou Min"]);
});

Deno.test("someone not among the people listed is named by their user id", () => {
  const people = USERS.map(namedAgent);
  assert.equal(nameOf(people, 2), "Grace Ho");
  assert.equal(nameOf(people, 42), "#42");
});

/** A staffing page's answers, with `/users` as `users` gives it. */
function staffingApi(users: () => Promise<unknown>) {
  return <T>(_method: string, path: string): Promise<T> => {
    if (path === "/users") return users() as Promise<T>;
    if (path.startsWith("/reports/staffing")) return Promise.resolve({ intervals: [] } as T);
    if (path.startsWith("/reports/forecast")) {
      return Promise.resolve(
        { intervals: [], mape: null, baseline_mape: null, weeks_of_history: 0 } as T,
      );
    }
    return Promise.resolve({
      blocks: [
        { id: 1, user_id: 5, kind: "shift", starts_at: "", ends_at: "" },
        { id: 2, user_id: 9, kind: "shift", starts_at: "", ends_at: "" },
        { id: 3, user_id: 42, kind: "break", starts_at: "", ends_at: "" },
      ],
    } as T);
  };
}

const DAY = { day: "2026-03-02", days: 1, interval: "60m", scope: "center", id: null } as const;

Deno.test("the staffing's shifts say whose they are by name, also someone who has left", async () => {
  const staffing = new StaffingController(host(), {
    timeZone: "UTC",
    request: staffingApi(() => Promise.resolve({ users: USERS })),
  });
  await staffing.load(DAY);
  assert.deepEqual(staffing.schedule.map((b) => b.agent), ["Zhou Min", "Gone Away", "#42"]);
  assert.equal(staffing.error, null);
});

Deno.test("the staffing's shifts still show, by user id, when the people cannot be listed", async () => {
  const staffing = new StaffingController(host(), {
    timeZone: "UTC",
    request: staffingApi(() => Promise.reject(new Error("Forbidden"))),
  });
  await staffing.load(DAY);
  assert.deepEqual(staffing.schedule.map((b) => b.agent), ["#5", "#9", "#42"]);
  assert.equal(staffing.error, null);
});
