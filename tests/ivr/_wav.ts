/** Builds WAV files of any layout for conversion tests. */
export function makeWav(options: {
  rate: number;
  channels: number;
  bits: 8 | 16 | 24 | 32;
  float?: boolean;
  format?: number;
  frames: (i: number, channel: number) => number;
  length: number;
}): Uint8Array<ArrayBuffer> {
  const { rate, channels, bits, length } = options;
  const width = bits / 8;
  const dataBytes = length * channels * width;
  const bytes = new Uint8Array(44 + dataBytes);
  const view = new DataView(bytes.buffer);
  const text = (at: number, s: string) =>
    [...s].forEach((ch, i) => view.setUint8(at + i, ch.charCodeAt(0)));
  text(0, "RIFF");
  view.setUint32(4, 36 + dataBytes, true);
  text(8, "WAVE");
  text(12, "fmt ");
  view.setUint32(16, 16, true);
  view.setUint16(20, options.format ?? (options.float ? 3 : 1), true);
  view.setUint16(22, channels, true);
  view.setUint32(24, rate, true);
  view.setUint32(28, rate * channels * width, true);
  view.setUint16(32, channels * width, true);
  view.setUint16(34, bits, true);
  text(36, "data");
  view.setUint32(40, dataBytes, true);
  let at = 44;
  for (let i = 0; i < length; i++) {
    for (let c = 0; c < channels; c++) {
      const v = Math.max(-1, Math.min(1, options.frames(i, c)));
      if (options.float) view.setFloat32(at, v, true);
      else if (bits === 8) view.setUint8(at, Math.round(v * 127 + 128));
      else if (bits === 16) view.setInt16(at, Math.round(v * 32767), true);
      else if (bits === 24) {
        const n = Math.round(v * 8388607);
        view.setUint8(at, n & 0xff);
        view.setUint8(at + 1, (n >> 8) & 0xff);
        view.setInt8(at + 2, n >> 16);
      } else view.setInt32(at, Math.round(v * 2147483647), true);
      at += width;
    }
  }
  return bytes;
}

/** A sine tone at `hz`, amplitude 0.5. */
export const tone = (hz: number, rate: number) => (i: number) =>
  0.5 * Math.sin((2 * Math.PI * hz * i) / rate);
