import assert from "node:assert/strict";
import { sampleCustomer } from "../../../ui/admin/script_variables.ts";
import { ScriptsController } from "../../../ui/admin/scripts_controller.ts";
import { controllerHost as host } from "../../support/controller_host.ts";

function fakeApi() {
  const sent: { method: string; path: string; body?: unknown }[] = [];
  return {
    sent,
    request<T>(method: string, path: string, body?: unknown): Promise<T> {
      sent.push({ method, path, body });
      if (path === "/scripts") {
        return Promise.resolve({ scripts: [], variables: ["customer.name"] } as T);
      }
      if (path === "/queues") return Promise.resolve({ queues: [{ id: 3, name: "Sales" }] } as T);
      if (path === "/crm/custom-fields") return Promise.resolve({ fields: [] } as T);
      if (path === "/scripts/preview") {
        return Promise.resolve({ text: "ok", missing: [], unknown: [] } as T);
      }
      return Promise.reject(new Error(`unexpected ${method} ${path}`));
    },
  };
}

Deno.test("the preview is asked for a stored customer by id, or for the sample by its values", async () => {
  const api = fakeApi();
  const scripts = new ScriptsController(host(), api);
  await scripts.load();
  assert.deepEqual(scripts.queues, [{ id: 3, name: "Sales" }]);
  await scripts.preview("Hi {{customer.name}}", {
    queue: "Sales",
    customer: { id: 7, name: "Qian Duoduo", phones: ["+8613912340001"] },
  });
  const sample = sampleCustomer([], "en", new Date("2026-12-06T00:00:00Z"));
  await scripts.preview("Hi", { sample });
  const previews = api.sent.filter((s) => s.path === "/scripts/preview").map((s) => s.body);
  assert.deepEqual(previews, [
    {
      body: "Hi {{customer.name}}",
      wait_s: 42,
      queue: "Sales",
      customer_id: 7,
      caller: "+8613912340001",
    },
    { body: "Hi", wait_s: 42, sample_customer: sample, caller: sample.phone },
  ]);
});

Deno.test("finding customers to preview with asks nothing for an empty name", async () => {
  const api = fakeApi();
  const scripts = new ScriptsController(host(), api);
  assert.deepEqual(await scripts.findCustomers("  "), []);
  assert.equal(api.sent.length, 0);
});
