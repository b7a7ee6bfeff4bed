import { css, html, LitElement, nothing, svg } from "lit";
import { I18nController, type MessageKey, t } from "../common/i18n.ts";
import type { RecordingReview, TimelineMark } from "./recordings_controller.ts";

const SPEEDS = [0.75, 1, 1.25, 1.5, 2];
const WIDTH = 900;
const LANE = 56;

/** Names of the marks on the timeline. */
const MARK_LABELS: Record<string, MessageKey> = {
  "recording.paused": "rec.mark.paused",
  "call.held": "rec.mark.held",
  "call.resumed": "rec.mark.resumed",
  "call.conference": "rec.mark.conference",
  "transfer.offered": "rec.mark.transfer",
  "transfer.completed": "rec.mark.transferred",
  "monitor.started": "rec.mark.monitor",
  "survey.offered": "rec.mark.survey",
};

/**
 * A recording's player: the caller's and the agent's channels as two waveform lanes,
 * the call's events and pauses marked where they happened, a playhead, and speed. Click
 * or use the arrow keys on the waveform to seek (±5 s), space to play or pause.
 */
export class CcRecordingPlayer extends LitElement {
  static override styles = css`
    :host {
      display: grid;
      gap: 0.5rem;
    }
    .wave {
      width: 100%;
      height: auto;
      border: 1px solid var(--cc-border);
      border-radius: var(--cc-radius, 6px);
      background: var(--cc-surface-muted, #f8fafc);
      cursor: pointer;
    }
    .wave:focus-visible {
      outline: 2px solid var(--cc-accent);
      outline-offset: 2px;
    }
    .caller {
      fill: #2563eb;
    }
    .agent {
      fill: #059669;
    }
    .mark {
      stroke: #b45309;
      stroke-width: 2;
    }
    .gap {
      fill: rgba(180, 83, 9, 0.15);
    }
    .head {
      stroke: #111827;
      stroke-width: 1.5;
    }
    .lane-name {
      font: 11px system-ui, sans-serif;
      fill: #475569;
    }
    .controls {
      display: flex;
      flex-wrap: wrap;
      gap: 0.75rem;
      align-items: center;
    }
    audio {
      flex: 1 1 20rem;
    }
    ol {
      margin: 0;
      padding-left: 1.25rem;
      font-size: 0.8125rem;
      color: var(--cc-text-muted, #475569);
    }
    button.link {
      border: 0;
      background: none;
      padding: 0;
      color: var(--cc-accent, #1d4ed8);
      font: inherit;
      cursor: pointer;
      text-decoration: underline;
    }
  `;

  static override properties = {
    src: { type: String },
    review: { attribute: false },
    position: { state: true },
  };

  /** The audio's URL. */
  declare src: string;
  /** Peaks and marks; the lanes wait for it. */
  declare review: RecordingReview | null;
  declare private position: number;

  private readonly i18n = new I18nController(this);

  constructor() {
    super();
    this.src = "";
    this.review = null;
    this.position = 0;
  }

  /** Where playback is, in ms. */
  get currentMs(): number {
    return this.position;
  }

  private get audio(): HTMLAudioElement | null {
    return this.renderRoot.querySelector("audio");
  }

  override render() {
    const review = this.review;
    const duration = review?.duration_ms ?? 0;
    const x = (ms: number) => duration ? (ms / duration) * WIDTH : 0;
    const lanes = review?.lanes ?? [];
    const height = LANE * Math.max(2, lanes.length) + 16;
    return html`
      <svg class="wave" data-testid="rec-wave" viewBox="0 0 ${WIDTH} ${height}" role="slider"
        tabindex="0" aria-label=${t("rec.waveLabel")} aria-valuemin="0"
        aria-valuemax=${Math.round(duration / 1000)} aria-valuenow=${Math.round(
          this.position / 1000,
        )}
        @click=${this.onWaveClick} @keydown=${this.onWaveKey}>
        ${lanes.map((peaks, lane) => this.renderLane(peaks, lane))}
        ${(review?.marks ?? []).map((m) => this.renderMark(m, x, height))}
        <line class="head" x1=${x(this.position)} x2=${x(this.position)} y1="0" y2=${height}></line>
      </svg>
      <div class="controls">
        <audio data-testid="rec-audio" controls preload="metadata" src=${this.src}
          @timeupdate=${this.onTime}></audio>
        <label>${t("rec.speed")}
          <select data-testid="rec-speed" @change=${this.onSpeed}>
            ${SPEEDS.map((s) => html`<option value=${s} ?selected=${s === 1}>${s}×</option>`)}
          </select>
        </label>
      </div>
      ${review && review.marks.length
        ? html`<ol data-testid="rec-marks">${
          review.marks.map((m) =>
            html`<li><button class="link" type="button" @click=${() => this.seek(m.at_ms)}>
            ${clock(m.at_ms)}</button> ${this.markName(m)}${
              m.duration_ms ? ` (${(m.duration_ms / 1000).toFixed(1)} s)` : ""
            }</li>`
          )
        }</ol>`
        : nothing}
    `;
  }

  private renderLane(peaks: number[], lane: number) {
    const mid = 8 + LANE * lane + LANE / 2;
    const step = WIDTH / Math.max(1, peaks.length);
    return svg`
      <text class="lane-name" x="4" y=${8 + LANE * lane + 11}>${t(
        lane === 0 ? "rec.lane.caller" : "rec.lane.agent",
      )}</text>
      ${peaks.map((p, i) => {
        const h = Math.max(0.5, p * (LANE / 2 - 4));
        return svg`
          <rect class=${lane === 0 ? "caller" : "agent"} x=${i * step} y=${mid - h}
            width=${Math.max(0.6, step * 0.8)} height=${h * 2}></rect>
        `;
      })}
    `;
  }

  private renderMark(m: TimelineMark, x: (ms: number) => number, height: number) {
    const name = this.markName(m);
    if (m.duration_ms) {
      return svg`
        <rect class="gap" data-mark=${m.type} x=${x(m.at_ms)} y="0"
          width=${Math.max(1, x(m.at_ms + m.duration_ms) - x(m.at_ms))} height=${height}>
          <title>${name}</title>
        </rect>
      `;
    }
    return svg`
      <line class="mark" data-mark=${m.type} x1=${x(m.at_ms)} x2=${x(m.at_ms)} y1="0"
        y2=${height}>
        <title>${name}</title>
      </line>
    `;
  }

  private markName(m: TimelineMark): string {
    const key = MARK_LABELS[m.type];
    return key ? t(key) : m.type;
  }

  seek(ms: number): void {
    const audio = this.audio;
    if (!audio) return;
    audio.currentTime = ms / 1000;
    this.position = ms;
  }

  private onWaveClick(e: MouseEvent): void {
    const box = (e.currentTarget as SVGElement).getBoundingClientRect();
    const duration = this.review?.duration_ms ?? 0;
    this.seek(((e.clientX - box.left) / box.width) * duration);
  }

  private onWaveKey(e: KeyboardEvent): void {
    const audio = this.audio;
    if (!audio) return;
    if (e.key === "ArrowRight" || e.key === "ArrowLeft") {
      e.preventDefault();
      this.seek(Math.max(0, this.position + (e.key === "ArrowRight" ? 5000 : -5000)));
    } else if (e.key === " ") {
      e.preventDefault();
      if (audio.paused) void audio.play();
      else audio.pause();
    }
  }

  private onTime(e: Event): void {
    this.position = (e.target as HTMLAudioElement).currentTime * 1000;
  }

  private onSpeed(e: Event): void {
    const audio = this.audio;
    if (audio) audio.playbackRate = Number((e.target as HTMLSelectElement).value);
  }
}

function clock(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

customElements.define("cc-recording-player", CcRecordingPlayer);

declare global {
  interface HTMLElementTagNameMap {
    "cc-recording-player": CcRecordingPlayer;
  }
}
