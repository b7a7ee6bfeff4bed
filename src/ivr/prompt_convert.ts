/**
 * Prompt audio conversion: any PCM or float WAV an admin uploads becomes the one
 * format inside the appliance, 8 kHz mono 16-bit. Written here rather than shelling
 * out to sox so the single binary needs no extra tool.
 *
 * @module
 */

export const PROMPT_RATE = 8000;

/**
 * The longest prompt stored: five minutes covers a long music-on-hold loop, and at 8 kHz
 * it is under 5 MB on disk and in the prompt cache.
 */
export const MAX_PROMPT_MS = 5 * 60_000;

/** Raised for an upload that is not a WAV file we can read; the message says what to do. */
export class PromptFormatError extends Error {
  override name = "PromptFormatError";
}

/** Raised for audio longer than {@link MAX_PROMPT_MS}; nothing of it is stored. */
export class PromptTooLongError extends PromptFormatError {
  override name = "PromptTooLongError";

  constructor(readonly durationMs: number, readonly maxMs: number) {
    super(
      `The recording lasts ${Math.round(durationMs / 1000)} s; prompts may last at most ${
        Math.round(maxMs / 1000)
      } s`,
    );
  }
}

export interface DecodedWav {
  sampleRate: number;
  channels: number;
  /** One Float32Array per channel, samples in -1…1. */
  data: Float32Array[];
}

const FORMAT_PCM = 1;
const FORMAT_FLOAT = 3;
const FORMAT_EXTENSIBLE = 0xfffe;

function fourcc(view: DataView, at: number): string {
  return String.fromCharCode(
    view.getUint8(at),
    view.getUint8(at + 1),
    view.getUint8(at + 2),
    view.getUint8(at + 3),
  );
}

/** Reads a RIFF/WAVE file: integer PCM of 8, 16, 24 or 32 bits, or 32/64-bit float. */
export function readWav(bytes: Uint8Array): DecodedWav {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 12 || fourcc(view, 0) !== "RIFF" || fourcc(view, 8) !== "WAVE") {
    throw new PromptFormatError("The upload is not a WAV file (no RIFF/WAVE header)");
  }
  let format = 0;
  let channels = 0;
  let sampleRate = 0;
  let bits = 0;
  let data: DataView | undefined;
  let at = 12;
  while (at + 8 <= bytes.byteLength) {
    const id = fourcc(view, at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    const available = Math.min(size, bytes.byteLength - body);
    if (id === "fmt ") {
      if (available < 16) throw new PromptFormatError("The WAV format chunk is too short");
      format = view.getUint16(body, true);
      channels = view.getUint16(body + 2, true);
      sampleRate = view.getUint32(body + 4, true);
      bits = view.getUint16(body + 14, true);
      if (format === FORMAT_EXTENSIBLE && available >= 26) format = view.getUint16(body + 24, true);
    } else if (id === "data") {
      // Streams written without a final size say 0 or 0xFFFFFFFF; take what is there.
      const length = size === 0 || size === 0xffffffff ? bytes.byteLength - body : available;
      data = new DataView(bytes.buffer, bytes.byteOffset + body, length);
    }
    at = body + size + (size % 2);
  }
  if (!format) throw new PromptFormatError("The WAV file has no format chunk");
  if (!data) throw new PromptFormatError("The WAV file has no audio data");
  const integer = format === FORMAT_PCM && [8, 16, 24, 32].includes(bits);
  const float = format === FORMAT_FLOAT && (bits === 32 || bits === 64);
  if (!integer && !float) {
    throw new PromptFormatError(
      `WAV encoding ${format} with ${bits} bits is not supported; save the prompt as PCM or float WAV`,
    );
  }
  if (channels < 1 || channels > 8 || sampleRate < 4000 || sampleRate > 384000) {
    throw new PromptFormatError(
      `WAV with ${channels} channels at ${sampleRate} Hz is not supported`,
    );
  }
  const width = bits / 8;
  const frames = Math.floor(data.byteLength / (width * channels));
  const out = Array.from({ length: channels }, () => new Float32Array(frames));
  for (let i = 0; i < frames; i++) {
    for (let c = 0; c < channels; c++) {
      const p = (i * channels + c) * width;
      let v: number;
      if (float) v = bits === 32 ? data.getFloat32(p, true) : data.getFloat64(p, true);
      else if (bits === 8) v = (data.getUint8(p) - 128) / 128;
      else if (bits === 16) v = data.getInt16(p, true) / 32768;
      else if (bits === 24) {
        const raw = data.getUint8(p) | (data.getUint8(p + 1) << 8) | (data.getInt8(p + 2) << 16);
        v = raw / 8388608;
      } else v = data.getInt32(p, true) / 2147483648;
      out[c][i] = v;
    }
  }
  return { sampleRate, channels, data: out };
}

/** Averages all channels into one. */
export function downmix(channels: readonly Float32Array[]): Float32Array {
  if (channels.length === 1) return channels[0];
  const mono = new Float32Array(channels[0].length);
  for (const channel of channels) {
    for (let i = 0; i < mono.length; i++) mono[i] += channel[i] / channels.length;
  }
  return mono;
}

/**
 * Linear-interpolation resampling. When going down, a moving average over one output
 * period first removes most of what would fold back as aliasing; good enough for speech
 * on a telephone line without a full filter design.
 */
export function resample(input: Float32Array, fromRate: number, toRate: number): Float32Array {
  if (fromRate === toRate) return input;
  let source = input;
  const ratio = fromRate / toRate;
  const width = Math.floor(ratio);
  if (width > 1) {
    source = new Float32Array(input.length);
    let sum = 0;
    for (let i = 0; i < input.length; i++) {
      sum += input[i];
      if (i >= width) sum -= input[i - width];
      source[i] = sum / Math.min(i + 1, width);
    }
  }
  const length = Math.max(0, Math.floor(input.length / ratio));
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    const position = i * ratio;
    const left = Math.floor(position);
    const right = Math.min(left + 1, source.length - 1);
    const fraction = position - left;
    out[i] = source[left] * (1 - fraction) + source[right] * fraction;
  }
  return out;
}

/** Writes mono 16-bit PCM as a WAV file. */
export function writeWav16(samples: Float32Array, sampleRate: number): Uint8Array {
  const bytes = new Uint8Array(44 + samples.length * 2);
  const view = new DataView(bytes.buffer);
  const text = (at: number, s: string) => {
    for (let i = 0; i < 4; i++) view.setUint8(at + i, s.charCodeAt(i));
  };
  text(0, "RIFF");
  view.setUint32(4, 36 + samples.length * 2, true);
  text(8, "WAVE");
  text(12, "fmt ");
  view.setUint32(16, 16, true);
  view.setUint16(20, FORMAT_PCM, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  text(36, "data");
  view.setUint32(40, samples.length * 2, true);
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(-1, Math.min(1, samples[i]));
    view.setInt16(44 + i * 2, Math.round(s < 0 ? s * 32768 : s * 32767), true);
  }
  return bytes;
}

/**
 * Converts an uploaded WAV to 8 kHz mono 16-bit; returns the file and its length. Audio
 * longer than `maxMs` is refused before it is resampled.
 */
export function convertPrompt(bytes: Uint8Array, maxMs = Infinity): {
  wav: Uint8Array;
  durationMs: number;
  source: { sampleRate: number; channels: number };
} {
  const decoded = readWav(bytes);
  const sourceMs = Math.round((decoded.data[0].length / decoded.sampleRate) * 1000);
  if (sourceMs > maxMs) throw new PromptTooLongError(sourceMs, maxMs);
  const mono = resample(downmix(decoded.data), decoded.sampleRate, PROMPT_RATE);
  if (mono.length === 0) throw new PromptFormatError("The WAV file has no samples");
  return {
    wav: writeWav16(mono, PROMPT_RATE),
    durationMs: Math.round((mono.length / PROMPT_RATE) * 1000),
    source: { sampleRate: decoded.sampleRate, channels: decoded.channels },
  };
}
