/**
 * Recording a prompt with the browser's microphone. MediaRecorder gives compressed audio
 * (WebM/Opus in Chromium) that the appliance's converter does not read, so the browser
 * decodes it, as it must to play it anyway, and sends a mono 16-bit WAV at 16 kHz; the
 * server converts that to the prompt format as it does every upload.
 *
 * @module
 */

/** The rate recordings are sent at: twice the telephone rate, so the server's filter has room. */
export const UPLOAD_RATE = 16_000;

/** Averages channels into one and writes 16-bit PCM WAV bytes. */
export function encodeWav(
  channels: readonly Float32Array[],
  rate: number,
): Uint8Array<ArrayBuffer> {
  const length = channels[0]?.length ?? 0;
  const bytes = new Uint8Array(44 + length * 2);
  const view = new DataView(bytes.buffer);
  const text = (at: number, s: string) => {
    for (let i = 0; i < 4; i++) view.setUint8(at + i, s.charCodeAt(i));
  };
  text(0, "RIFF");
  view.setUint32(4, 36 + length * 2, true);
  text(8, "WAVE");
  text(12, "fmt ");
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, rate, true);
  view.setUint32(28, rate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  text(36, "data");
  view.setUint32(40, length * 2, true);
  for (let i = 0; i < length; i++) {
    let sum = 0;
    for (const channel of channels) sum += channel[i];
    const s = Math.max(-1, Math.min(1, sum / channels.length));
    view.setInt16(44 + i * 2, Math.round(s < 0 ? s * 32768 : s * 32767), true);
  }
  return bytes;
}

/** One recording from the microphone, from {@link start} to {@link stop}. */
export class MicRecorder {
  #stream: MediaStream | undefined;
  #recorder: MediaRecorder | undefined;
  #chunks: Blob[] = [];

  /** Opens the microphone and starts recording; rejects when the browser refuses it. */
  async start(): Promise<void> {
    this.#stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    this.#chunks = [];
    const recorder = new MediaRecorder(this.#stream);
    recorder.ondataavailable = (event) => {
      if (event.data.size > 0) this.#chunks.push(event.data);
    };
    recorder.start();
    this.#recorder = recorder;
  }

  get recording(): boolean {
    return this.#recorder?.state === "recording";
  }

  /** Stops, closes the microphone and returns the recording as a WAV file at {@link UPLOAD_RATE}. */
  async stop(): Promise<{ wav: Blob; seconds: number }> {
    const recorder = this.#recorder;
    if (!recorder) throw new Error("Nothing is being recorded");
    const stopped = new Promise((resolve) => recorder.onstop = resolve);
    recorder.stop();
    await stopped;
    this.close();
    const compressed = await new Blob(this.#chunks, { type: recorder.mimeType }).arrayBuffer();
    // Decoding in a context at the upload rate resamples as it decodes.
    const decoded = await new OfflineAudioContext(1, 1, UPLOAD_RATE).decodeAudioData(compressed);
    const channels = Array.from(
      { length: decoded.numberOfChannels },
      (_, i) => decoded.getChannelData(i),
    );
    return {
      wav: new Blob([encodeWav(channels, decoded.sampleRate)], { type: "audio/wav" }),
      seconds: decoded.duration,
    };
  }

  /** Releases the microphone (also when the page leaves mid-recording). */
  close(): void {
    for (const track of this.#stream?.getTracks() ?? []) track.stop();
    this.#stream = undefined;
    if (this.#recorder?.state === "recording") this.#recorder.stop();
    this.#recorder = undefined;
  }
}
