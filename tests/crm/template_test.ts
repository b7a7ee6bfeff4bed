import assert from "node:assert/strict";
import { renderScript, unknownVariables } from "../../src/crm/mod.ts";

Deno.test("renderScript() fills variables from the customer and the call", () => {
  const out = renderScript(
    "您好，{{customer.name}}！感谢致电{{ call.queue }}。VIP {{customer.vip_level}}, tags: {{customer.tags}}",
    {
      customer: { name: "周晓明", vip_level: 2, tags: ["wholesale", "key"] },
      call: { queue: "Sales" },
    },
  );
  assert.equal(out.text, "您好，周晓明！感谢致电Sales。VIP 2, tags: wholesale, key");
  assert.deepEqual(out.missing, []);
});

Deno.test("renderScript() uses the fallback for a missing value and reports those without one", () => {
  const out = renderScript("Dear {{customer.name|customer}}, order {{case.subject}}", {});
  assert.equal(out.text, "Dear customer, order ");
  assert.deepEqual(out.missing, ["case.subject"]);
});

Deno.test("renderScript() escapes values and template text in the HTML form and never re-expands a value", () => {
  const out = renderScript("<b>Hi</b> {{customer.name}}\nbye", {
    customer: { name: `{{agent.name}}<img src=x onerror="alert(1)">` },
    agent: { name: "SHOULD NOT APPEAR" },
  });
  assert.equal(out.text, `<b>Hi</b> {{agent.name}}<img src=x onerror="alert(1)">\nbye`);
  assert.equal(
    out.html,
    "&#60;b&#62;Hi&#60;/b&#62; {{agent.name}}&#60;img src=x onerror=&#34;alert(1)&#34;&#62;<br>\nbye",
  );
  assert.doesNotMatch(out.html, /<img|SHOULD NOT/);
});

Deno.test("unknownVariables() lists variables no context can fill", () => {
  assert.deepEqual(
    unknownVariables(
      "{{customer.name}} {{customer.custom.plan}} {{customer.password}} {{foo.bar}}",
    ),
    [
      "customer.password",
      "foo.bar",
    ],
  );
});
