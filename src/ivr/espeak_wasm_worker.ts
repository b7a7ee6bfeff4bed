/**
 * The thread that speaks with the espeak-ng built into the program: the `espeak-ng` npm
 * package, which is espeak-ng's command line compiled to WebAssembly with its voice data
 * (English, Mandarin and the rest) inside the wasm file, so nothing is read from the
 * system or fetched. `espeak_wasm.ts` starts it; `scripts/compile.ts` includes it in the
 * compiled program (a worker module is not found by following imports).
 *
 * Each request runs the command once in a fresh instance of the module, compiled once per
 * thread, and answers with the WAV file it wrote. Requests run one at a time.
 *
 * @module
 */
import ESpeakNG from "espeak-ng";

/** What the main thread asks: `text` in the first of `voices` that espeak-ng has. */
export interface SpeakRequest {
  id: number;
  text: string;
  voices: readonly string[];
}

/** The answer: WAV bytes, or why there are none. */
export type SpeakReply = { id: number; wav: Uint8Array } | { id: number; error: string };

/** The part of the package's Emscripten module options and instance this thread uses. */
interface EspeakModuleOptions {
  arguments: string[];
  print(line: string): void;
  printErr(line: string): void;
  /** Where a file of the package is; called with the package's own folder. */
  locateFile(name: string, folder: string): string;
  instantiateWasm(
    imports: WebAssembly.Imports,
    receive: (instance: WebAssembly.Instance) => void,
  ): WebAssembly.Exports;
}
interface EspeakModule {
  FS: { readFile(path: string): Uint8Array };
}

const OUT = "/speech.wav";

// The package is a debug build: unpacking its voice data into the module's in-memory file
// system raises a few hundred expected file-system errors, and each captured a stack trace
// (about 0.1 s of every utterance). Errors leave this thread as messages only.
Error.stackTraceLimit = 0;

const scope = self as unknown as {
  onmessage: (event: MessageEvent<SpeakRequest>) => void;
  postMessage(message: SpeakReply, transfer?: ArrayBuffer[]): void;
};

let compiled: Promise<WebAssembly.Module> | undefined;

/**
 * The package's wasm file, compiled once. Its path comes from the package's script, which
 * knows its own folder: the npm cache, or inside the program once compiled.
 */
function espeakWasm(path: string): Promise<WebAssembly.Module> {
  if (!compiled) {
    compiled = Deno.readFile(path).then((bytes) => WebAssembly.compile(bytes));
    // A file that could not be read is tried again with the next utterance.
    compiled.catch(() => compiled = undefined);
  }
  return compiled;
}

/** Runs `espeak-ng -v voice -w OUT -- text` once; its error lines when it wrote nothing. */
async function run(text: string, voice: string): Promise<Uint8Array> {
  const errors: string[] = [];
  let wasmPath = "";
  const { promise: loadFailed, reject: failLoad } = Promise.withResolvers<never>();
  const factory = ESpeakNG as unknown as (options: EspeakModuleOptions) => Promise<EspeakModule>;
  const espeak = await Promise.race([
    factory({
      arguments: ["-v", voice, "-w", OUT, "--", text],
      print: () => {},
      printErr: (line) => {
        // The runtime's own note that main() returned, whatever its status.
        if (!line.startsWith("program exited")) errors.push(line);
      },
      locateFile: (name, folder) => wasmPath = folder + name,
      // Called after locateFile; the module starts once `receive` has its instance.
      instantiateWasm(imports, receive) {
        espeakWasm(wasmPath)
          .then((wasm) => receive(new WebAssembly.Instance(wasm, imports)))
          .catch(failLoad);
        return {};
      },
    }),
    loadFailed,
  ]);
  try {
    return espeak.FS.readFile(OUT);
  } catch {
    throw new Error(errors.join("; ") || `espeak-ng wrote no audio for voice ${voice}`);
  }
}

async function speak({ id, text, voices }: SpeakRequest): Promise<void> {
  const failures: string[] = [];
  for (const voice of voices) {
    try {
      const wav = await run(text, voice);
      scope.postMessage({ id, wav }, [wav.buffer as ArrayBuffer]);
      return;
    } catch (error) {
      failures.push(error instanceof Error ? error.message : String(error));
    }
  }
  scope.postMessage({ id, error: failures.join("; ") || "no voice to speak with" });
}

let queue = Promise.resolve();
scope.onmessage = (event) => {
  const request = event.data;
  queue = queue.then(() => speak(request)).catch((error) =>
    scope.postMessage({ id: request.id, error: String(error) })
  );
};
