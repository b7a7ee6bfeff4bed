import assert from "node:assert/strict";
import { OutboundCallController } from "../../ui/agent/outbound_call_controller.ts";
import { type Task, TaskListController } from "../../ui/agent/task_list_controller.ts";

function fakeHost() {
  return {
    addController() {},
    removeController() {},
    requestUpdate() {},
    updateComplete: Promise.resolve(true),
  };
}

const TASKS: Task[] = [
  {
    id: 9,
    customer_id: 12,
    customer_name: "Zhao Lei",
    phone: "+8613800138000",
    kind: "renewal",
    due_at: "2026-12-02T01:00:00.000Z",
    case_id: 4,
    note: "",
    status: "open",
    attempts: 0,
    last_attempt_at: null,
  },
  {
    id: 10,
    customer_id: 13,
    customer_name: "Qian Yu",
    phone: null,
    kind: "birthday",
    due_at: "2026-12-03T01:00:00.000Z",
    case_id: null,
    note: "",
    status: "open",
  },
];

Deno.test("a task is called through the desk's click-to-call, naming the task so the call counts on it", async () => {
  const sent: unknown[][] = [];
  const request = <T>(method: string, path: string, body?: unknown) => {
    sent.push([method, path, body]);
    if (path === "/tasks") return Promise.resolve({ follow_ups: TASKS, cases: [] } as T);
    return Promise.resolve({ call: { call_id: "c-1" } } as T);
  };
  const tasks = new TaskListController(fakeHost(), request);
  await tasks.load();
  assert.deepEqual(tasks.tasks.map((t) => t.id), [9, 10]);
  const call = tasks.callFor(tasks.tasks[0])!;
  assert.deepEqual(call, {
    number: "+8613800138000",
    customerId: 12,
    caseId: 4,
    followUpId: 9,
  });
  assert.equal(tasks.callFor(tasks.tasks[1]), null, "a customer without a number is not called");
  // The desk's one click-to-call path places it.
  const desk = new OutboundCallController(fakeHost(), {
    request,
    expect: () => {},
    forget: () => {},
  });
  assert.equal(await desk.place(call), "c-1");
  assert.deepEqual(sent.at(-1), ["POST", "/calls", {
    number: "+8613800138000",
    customer_id: 12,
    case_id: 4,
    follow_up_id: 9,
  }]);
});

Deno.test("a task marked done leaves the list, and a failure says why", async () => {
  let fail = false;
  const sent: unknown[][] = [];
  const tasks = new TaskListController(fakeHost(), <T>(m: string, p: string, b?: unknown) => {
    sent.push([m, p, b]);
    if (p === "/tasks") return Promise.resolve({ follow_ups: TASKS } as T);
    return fail ? Promise.reject(new Error("Follow-up 10 not found")) : Promise.resolve({} as T);
  });
  await tasks.load();
  await tasks.done(tasks.tasks[0]);
  assert.deepEqual(sent.at(-1), ["PATCH", "/follow-ups/9", { status: "done" }]);
  assert.deepEqual(tasks.tasks.map((t) => t.id), [10]);
  fail = true;
  await tasks.done(tasks.tasks[0]);
  assert.deepEqual(tasks.tasks.map((t) => t.id), [10]);
  assert.equal(tasks.error, "Follow-up 10 not found");
});
