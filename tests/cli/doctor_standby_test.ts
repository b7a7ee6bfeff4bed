import assert from "node:assert/strict";
import { standbyCheck } from "../../src/cli/doctor_standby.ts";
import { loadConfig } from "../../src/config/mod.ts";
import { savePairing } from "../../src/replication/mod.ts";

const PRIMARY = "https://127.0.0.1:1";

Deno.test("doctor says nothing of replication on a primary", async () => {
  assert.equal(await standbyCheck(loadConfig({}, {})), undefined);
});

Deno.test("doctor tells a standby that is not paired to give the pair token", async () => {
  const data = await Deno.makeTempDir();
  try {
    const check = await standbyCheck(
      loadConfig({ role: "standby", "standby-of": PRIMARY, data }, {}),
    );
    assert.equal(check?.ok, false);
    assert.match(check!.detail, /give the token the primary showed with --pair-token/);
  } finally {
    await Deno.remove(data, { recursive: true });
  }
});

Deno.test("doctor tells a paired standby that its primary does not answer", async () => {
  const data = await Deno.makeTempDir();
  try {
    await savePairing(data, { primary: PRIMARY, certificate: "", secret: "s" });
    const check = await standbyCheck(
      loadConfig({ role: "standby", "standby-of": PRIMARY, data }, {}),
    );
    assert.equal(check?.ok, false);
    assert.match(check!.detail, /does not answer over the pinned link/);
  } finally {
    await Deno.remove(data, { recursive: true });
  }
});
