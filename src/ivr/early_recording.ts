import type { IvrMedia } from "./ivr_session.ts";

// Caller audio kept while the recording opens: ten seconds at most.
const MAX_EARLY_FRAMES = 500;

/** A recording file being written, as far as the caller's audio is concerned. */
interface FrameWriter<R> {
  write(frame: Int16Array): void;
  close(): Promise<R>;
}

/**
 * Records the caller from now on into a recording that may still be opening (under load a
 * file can wait behind other file work, and the caller must not lose what they say then):
 * frames heard before it is open are kept and written first. `close()` stops listening and
 * closes the recording, giving what its own close gives; without a recording, nothing is kept.
 */
export function recordCaller<R>(
  media: Pick<IvrMedia, "onCallerAudio">,
  opening: Promise<FrameWriter<R> | undefined>,
): { close(): Promise<R | undefined> } {
  let writer: FrameWriter<R> | undefined;
  let early: Int16Array[] | undefined = [];
  const stop = media.onCallerAudio((frame) => {
    if (writer) writer.write(frame);
    else if (early && early.length < MAX_EARLY_FRAMES) early.push(frame.slice());
  });
  const ready = opening.then((opened) => {
    writer = opened;
    for (const frame of early!) opened?.write(frame);
    early = undefined;
    if (!opened) stop();
    return opened;
  });
  // A recording that fails to open reports it from close(), not as an unhandled rejection.
  ready.catch(() => {});
  return {
    close: async () => {
      stop();
      return await (await ready)?.close();
    },
  };
}
