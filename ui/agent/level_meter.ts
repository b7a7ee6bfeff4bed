import { css, html, LitElement, type PropertyValues } from "lit";
import { baseStyles } from "../common/styles.ts";

/**
 * The loudness of a block of samples (centred on 128, as an analyser's
 * `getByteTimeDomainData` gives them) on a 0–1 scale that moves like a VU
 * meter: RMS, scaled so ordinary speech fills about two thirds.
 */
export function levelFromSamples(samples: ArrayLike<number>): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < samples.length; i++) {
    const v = (samples[i] - 128) / 128;
    sum += v * v;
  }
  const rms = Math.sqrt(sum / samples.length);
  return Math.min(1, rms * 4);
}

let sharedContext: AudioContext | null = null;

/**
 * A horizontal audio level bar for a media stream, fed by a WebAudio
 * analyser. The current level is exposed as an ARIA meter and as the
 * `data-level` attribute (0–100) for tests.
 */
export class CcLevelMeter extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: grid;
        grid-template-columns: 4.5rem minmax(0, 1fr);
        align-items: center;
        gap: 0.5rem;
        font-size: 0.75rem;
        color: var(--cc-text-muted);
      }
      .track {
        position: relative;
        height: 0.4375rem;
        overflow: hidden;
        border-radius: 999px;
        background: var(--cc-surface-muted);
        border: 1px solid var(--cc-border);
      }
      .fill {
        position: absolute;
        inset: 0 auto 0 0;
        width: 0;
        border-radius: 999px;
        background: linear-gradient(90deg, var(--cc-success) 70%, var(--cc-warning));
        transition: width 80ms linear;
      }
    `,
  ];

  static override properties = {
    stream: { attribute: false },
    label: { type: String },
    level: { state: true },
  };

  /** The stream whose first audio track is measured; null shows an empty bar. */
  declare stream: MediaStream | null;
  /** The visible (and accessible) name of the meter. */
  declare label: string;
  declare private level: number;

  #analyser: AnalyserNode | null = null;
  #source: MediaStreamAudioSourceNode | null = null;
  #buffer: Uint8Array<ArrayBuffer> | null = null;
  #frame = 0;
  #measuredTrack: string | null = null;

  constructor() {
    super();
    this.stream = null;
    this.label = "";
    this.level = 0;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#detach();
  }

  override render() {
    const percent = Math.round(this.level * 100);
    return html`
      <span aria-hidden="true">${this.label}</span>
      <div
        class="track"
        role="meter"
        aria-label=${this.label}
        aria-valuemin="0"
        aria-valuemax="100"
        aria-valuenow=${percent}
      >
        <div class="fill" style="width: ${percent}%"></div>
      </div>
    `;
  }

  protected override updated(changed: PropertyValues<this>): void {
    this.dataset.level = String(Math.round(this.level * 100));
    if (changed.has("stream")) this.#attach();
  }

  #attach(): void {
    const track = this.stream?.getAudioTracks()[0] ?? null;
    if (track?.id === this.#measuredTrack && this.#analyser) return;
    this.#detach();
    if (!this.stream || !track || typeof AudioContext === "undefined") return;
    try {
      sharedContext ??= new AudioContext();
      void sharedContext.resume().catch(() => {});
      this.#source = sharedContext.createMediaStreamSource(new MediaStream([track]));
      this.#analyser = sharedContext.createAnalyser();
      this.#analyser.fftSize = 512;
      this.#source.connect(this.#analyser);
      this.#buffer = new Uint8Array(this.#analyser.fftSize);
      this.#measuredTrack = track.id;
      this.#tick();
    } catch (error) {
      console.warn("ui/softphone: level meter unavailable", error);
      this.#detach();
    }
  }

  #tick = (): void => {
    const analyser = this.#analyser;
    const buffer = this.#buffer;
    if (!analyser || !buffer) return;
    analyser.getByteTimeDomainData(buffer);
    // Fall quickly but not instantly, so short syllables stay visible.
    const next = levelFromSamples(buffer);
    this.level = next > this.level ? next : this.level * 0.8 + next * 0.2;
    this.#frame = requestAnimationFrame(this.#tick);
  };

  #detach(): void {
    cancelAnimationFrame(this.#frame);
    this.#source?.disconnect();
    this.#source = null;
    this.#analyser = null;
    this.#buffer = null;
    this.#measuredTrack = null;
    this.level = 0;
  }
}

customElements.define("cc-level-meter", CcLevelMeter);

declare global {
  interface HTMLElementTagNameMap {
    "cc-level-meter": CcLevelMeter;
  }
}
