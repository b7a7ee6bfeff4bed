import assert from "node:assert/strict";
import { SetupProgress } from "../../bench/_setup_progress.ts";

Deno.test("set-up progress counts calls up and relayed, and the seconds since it began", () => {
  const progress = new SetupProgress(150, 15, 1000);
  progress.up(0, true);
  progress.up(1, false);
  progress.again();
  assert.equal(progress.upCount, 2);
  assert.equal(
    progress.line(43_400),
    "setting up: 2 of 150 up (1 of 15 relayed), 1 set up again, 42 s",
  );
});

Deno.test("set-up progress names every call under way with its step, in call order", () => {
  const progress = new SetupProgress(10, 1, 0);
  progress.step(7, "connecting its browser (ICE and DTLS)");
  progress.step(3, "opening its PBX leg");
  progress.step(3, "waiting for the appliance to answer its PBX leg");
  assert.equal(
    progress.line(5000),
    "setting up: 0 of 10 up (0 of 1 relayed), 0 set up again, 5 s; under way: " +
      "call 3 waiting for the appliance to answer its PBX leg, " +
      "call 7 connecting its browser (ICE and DTLS)",
  );
});

Deno.test("a call that is up or gave up is no longer under way", () => {
  const progress = new SetupProgress(3, 0, 0);
  progress.step(0, "opening its browser");
  progress.step(1, "opening its browser");
  progress.up(0, false);
  progress.left(1);
  progress.phase = "closing the calls";
  assert.equal(
    progress.line(0),
    "closing the calls: 1 of 3 up (0 of 0 relayed), 0 set up again, 0 s",
  );
});
