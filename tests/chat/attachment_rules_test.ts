import assert from "node:assert/strict";
import { MAX_CHAT_FILE_BYTES, refuseFile } from "../../src/chat/mod.ts";

Deno.test("a chat file is refused when too large, empty, or of a type a page could run", () => {
  assert.equal(refuseFile({ name: "a.png", contentType: "image/png", size: 10 }), undefined);
  assert.equal(
    refuseFile({ name: "big.pdf", contentType: "application/pdf", size: MAX_CHAT_FILE_BYTES + 1 })
      ?.code,
    "file_too_large",
  );
  assert.equal(
    refuseFile({ name: "x.txt", contentType: "text/plain", size: 0 })?.code,
    "file_empty",
  );
  assert.equal(
    refuseFile({ name: "page.html", contentType: "text/html", size: 5 })?.code,
    "file_type_not_allowed",
  );
  assert.equal(
    refuseFile({ name: "evil.exe", contentType: "image/png", size: 5 })?.code,
    "file_type_not_allowed",
    "the name must fit the type",
  );
});
