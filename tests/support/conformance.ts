/**
 * The conformance material in shared/ beside the repository (CI clones the repository
 * next to a copy of shared/). Without it the tests that need it skip with a message,
 * unless CC_REQUIRE_PEERS=1 says a missing piece is a failure.
 */

const SHARED = new URL("../../../shared/conformance/", import.meta.url);
const required = Deno.env.get("CC_REQUIRE_PEERS") === "1";
const reported = new Set<string>();

/** The folder of one suite (`rfc4475`, `protos-c07-sip`), or undefined when it is missing. */
export function conformanceDir(suite: string): URL | undefined {
  const dir = new URL(`${suite}/`, SHARED);
  try {
    if (Deno.statSync(dir).isDirectory) return dir;
  } catch {
    // Missing: reported below.
  }
  if (required) throw new Error(`Conformance suite ${suite} is missing at ${dir.pathname}`);
  if (!reported.has(suite)) {
    reported.add(suite);
    console.warn(
      `Skipping tests that need ${dir.pathname}: the shared/ folder is not beside the repository`,
    );
  }
  return undefined;
}

/** Bytes as one character each, so text edits leave every other byte exactly as it was. */
export function bytesToBinary(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 8192) {
    out += String.fromCharCode(...bytes.subarray(i, i + 8192));
  }
  return out;
}

export function binaryToBytes(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);
}

/**
 * Points a message's top Via at the test client (`127.0.0.1:port` over `transport`), so
 * the answers come back to it and no reply can leave the machine. Everything else,
 * including the rest of that Via and any fault in it, stays as it was.
 */
export function retargetTopVia(bytes: Uint8Array, transport: string, port: number): Uint8Array {
  const text = bytesToBinary(bytes);
  const blank = /\r?\n\r?\n/.exec(text);
  const headEnd = blank ? blank.index : text.length;
  const head = text.slice(0, headEnd);
  const ws = "[ \\t\\r\\n]*";
  const via = new RegExp(
    `((?:^|\\n)(?:via|v)[ \\t]*:${ws}SIP${ws}/${ws}[0-9.]+${ws}/${ws})([A-Za-z]+)([ \\t\\r\\n]+)([^ \\t\\r\\n;,]+)`,
    "i",
  );
  const rewritten = head.replace(
    via,
    (_all, before: string, _transport: string, gap: string) =>
      `${before}${transport}${gap}127.0.0.1:${port}`,
  );
  return binaryToBytes(rewritten + text.slice(headEnd));
}
