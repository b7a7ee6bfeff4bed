import assert from "node:assert/strict";
import { ThreadDescriptors } from "../../src/net/_thread_descriptors.ts";
import { closeDescriptors, libcUdpAvailable } from "../../src/net/libc_udp.ts";

function recording() {
  const closed: number[][] = [];
  return { closed, descriptors: new ThreadDescriptors((fds) => closed.push(fds)) };
}

Deno.test("a thread that dies has its sockets and wait set closed for it", () => {
  const { closed, descriptors } = recording();
  descriptors.opened([40, 41]);
  descriptors.bound(1, 50);
  descriptors.bound(2, 51);
  descriptors.abandon();
  assert.deepEqual(closed, [[50, 51, 40, 41]]);
  descriptors.abandon();
  assert.equal(closed.length, 1, "what was closed once is not closed again");
});

Deno.test("a socket the thread was asked to close is left to the thread, even if it dies before saying so", () => {
  const { closed, descriptors } = recording();
  descriptors.bound(1, 50);
  descriptors.bound(2, 51);
  descriptors.closing(1);
  descriptors.abandon();
  assert.deepEqual(closed, [[51]]);
});

Deno.test("a thread that stopped as asked closed its own, and nothing is closed for it", () => {
  const { closed, descriptors } = recording();
  descriptors.opened([40, 41]);
  descriptors.bound(1, 50);
  descriptors.stopped();
  descriptors.abandon();
  assert.deepEqual(closed, []);
});

Deno.test({
  name: "closeDescriptors() closes a socket another thread opened, freeing its port",
  ignore: libcUdpAvailable() !== true,
  fn: () => {
    const libc = Deno.dlopen("libc.so.6", {
      socket: { parameters: ["i32", "i32", "i32"], result: "i32" },
    });
    try {
      const fd = libc.symbols.socket(2, 2, 0); // AF_INET, SOCK_DGRAM
      assert.ok(fd >= 0, "a socket was opened");
      assert.ok(Deno.readLinkSync(`/proc/self/fd/${fd}`).startsWith("socket:"));
      closeDescriptors([fd]);
      assert.throws(() => Deno.readLinkSync(`/proc/self/fd/${fd}`), Deno.errors.NotFound);
    } finally {
      libc.close();
    }
  },
});
