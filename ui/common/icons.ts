/**
 * Line icons used across the UI, drawn on a 24 × 24 grid with the current
 * text colour. They are decorative: callers put the meaning in text next to
 * them, so every icon is hidden from assistive technology.
 *
 * @module
 */

import { svg, type SVGTemplateResult } from "lit";

function icon(body: SVGTemplateResult, size = 20): SVGTemplateResult {
  return svg`
    <svg class="icon" width=${size} height=${size} viewBox="0 0 24 24" fill="none"
      stroke="currentColor" stroke-width="1.75" stroke-linecap="round" stroke-linejoin="round"
      aria-hidden="true" focusable="false">${body}</svg>
  `;
}

/** The product mark: a headset inside a rounded square. */
export function logoMark(size = 28): SVGTemplateResult {
  return svg`
    <svg class="logo" width=${size} height=${size} viewBox="0 0 32 32" aria-hidden="true"
      focusable="false">
      <rect width="32" height="32" rx="8" fill="var(--cc-accent, #2456c8)"></rect>
      <path d="M9 18v-3a7 7 0 0 1 14 0v3" fill="none" stroke="#fff" stroke-width="2.2"
        stroke-linecap="round"></path>
      <rect x="7.5" y="17" width="4" height="6" rx="1.6" fill="#fff"></rect>
      <rect x="20.5" y="17" width="4" height="6" rx="1.6" fill="#fff"></rect>
      <path d="M22.5 23c0 2-2.5 3-6 3" fill="none" stroke="#fff" stroke-width="1.8"
        stroke-linecap="round"></path>
    </svg>
  `;
}

/** Every icon by name. */
export const icons = {
  headset: (size?: number) =>
    icon(
      svg`
        <path d="M4 15v-3a8 8 0 0 1 16 0v3"></path>
        <rect x="3" y="14" width="4" height="6" rx="1.5"></rect>
        <rect x="17" y="14" width="4" height="6" rx="1.5"></rect>
        <path d="M19 20c0 1.3-1.8 2-5 2"></path>
      `,
      size,
    ),
  phone: (size?: number) =>
    icon(
      svg`
        <path
          d="M6.6 3h2.8l1.5 4-2 1.3a11 11 0 0 0 6.8 6.8l1.3-2 4 1.5v2.8A2 2 0 0 1 19 19.4 16.4 16.4 0 0 1 4.6 5a2 2 0 0 1 2-2z"></path>
      `,
      size,
    ),
  toggle: (size?: number) =>
    icon(
      svg`
        <rect x="2.5" y="7" width="19" height="10" rx="5"></rect>
        <circle cx="16.5" cy="12" r="2.6"></circle>
      `,
      size,
    ),
  card: (size?: number) =>
    icon(
      svg`
        <rect x="3" y="5" width="18" height="14" rx="2"></rect>
        <circle cx="9" cy="11" r="2.2"></circle>
        <path d="M5.8 16c.6-1.6 1.8-2.4 3.2-2.4s2.6.8 3.2 2.4M14.5 10h4M14.5 13.5h3"></path>
      `,
      size,
    ),
  note: (size?: number) =>
    icon(
      svg`
        <path d="M14 3H6.5A1.5 1.5 0 0 0 5 4.5v15A1.5 1.5 0 0 0 6.5 21h11a1.5 1.5 0 0 0 1.5-1.5V8z"></path>
        <path d="M14 3v5h5M8.5 12.5h7M8.5 16h5"></path>
      `,
      size,
    ),
  chart: (size?: number) =>
    icon(
      svg`
        <rect x="3" y="4" width="18" height="14" rx="2"></rect>
        <path d="M7.5 14.5V11M12 14.5V8.5M16.5 14.5v-2M8 21h8"></path>
      `,
      size,
    ),
  users: (size?: number) =>
    icon(
      svg`
        <circle cx="9" cy="8.5" r="3.2"></circle>
        <path d="M3 19.5c.8-3 3.2-4.8 6-4.8s5.2 1.8 6 4.8"></path>
        <path d="M15.5 5.6a3 3 0 0 1 0 5.8M17.6 14.9c1.6.6 2.8 2.2 3.4 4.6"></path>
      `,
      size,
    ),
  listen: (size?: number) =>
    icon(
      svg`
        <path
          d="M4 5.5A1.5 1.5 0 0 1 5.5 4h13A1.5 1.5 0 0 1 20 5.5v9a1.5 1.5 0 0 1-1.5 1.5H10l-4.5 4v-4h0A1.5 1.5 0 0 1 4 14.5z"></path>
        <path d="M8.5 10h.01M12 10h.01M15.5 10h.01"></path>
      `,
      size,
    ),
  badge: (size?: number) =>
    icon(
      svg`
        <path
          d="M12 3l2.4 1.7 2.9-.1.9 2.8 2.3 1.8-.9 2.8.9 2.8-2.3 1.8-.9 2.8-2.9-.1L12 21l-2.4-1.7-2.9.1-.9-2.8-2.3-1.8.9-2.8-.9-2.8 2.3-1.8.9-2.8 2.9.1z"></path>
        <path d="M8.8 12.2l2.2 2.2 4.2-4.4"></path>
      `,
      size,
    ),
  queue: (size?: number) =>
    icon(
      svg`
        <path d="M8 6h12M8 12h12M8 18h12"></path>
        <circle cx="4" cy="6" r="1"></circle>
        <circle cx="4" cy="12" r="1"></circle>
        <circle cx="4" cy="18" r="1"></circle>
      `,
      size,
    ),
  plug: (size?: number) =>
    icon(
      svg`
        <path d="M9 3v5M15 3v5M6.5 8h11v3.5a5.5 5.5 0 0 1-11 0z"></path>
        <path d="M12 17v4"></path>
      `,
      size,
    ),
  flow: (size?: number) =>
    icon(
      svg`
        <rect x="9" y="3" width="6" height="5" rx="1.2"></rect>
        <rect x="3" y="16" width="6" height="5" rx="1.2"></rect>
        <rect x="15" y="16" width="6" height="5" rx="1.2"></rect>
        <path d="M12 8v4M6 16v-2h12v2"></path>
      `,
      size,
    ),
  book: (size?: number) =>
    icon(
      svg`
        <path d="M4 5.5A2.5 2.5 0 0 1 6.5 3H20v15H6.5A2.5 2.5 0 0 0 4 20.5z"></path>
        <path d="M4 20.5A2.5 2.5 0 0 0 6.5 23H20v-5M8 7.5h8M8 11h5"></path>
      `,
      size,
    ),
  lock: (size?: number) =>
    icon(
      svg`
        <rect x="4.5" y="10.5" width="15" height="10" rx="2"></rect>
        <path d="M8 10.5V7.5a4 4 0 0 1 8 0v3M12 14.5v2.5"></path>
      `,
      size,
    ),
  compass: (size?: number) =>
    icon(
      svg`
        <circle cx="12" cy="12" r="9"></circle>
        <path d="M15.5 8.5l-2 5-5 2 2-5z"></path>
      `,
      size,
    ),
  external: (size?: number) =>
    icon(
      svg`
        <path d="M14 4h6v6M20 4l-9 9"></path>
        <path
          d="M18 14v4.5A1.5 1.5 0 0 1 16.5 20h-11A1.5 1.5 0 0 1 4 18.5v-11A1.5 1.5 0 0 1 5.5 6H10"></path>
      `,
      size,
    ),
  logout: (size?: number) =>
    icon(
      svg`
        <path d="M15 4h3.5A1.5 1.5 0 0 1 20 5.5v13a1.5 1.5 0 0 1-1.5 1.5H15"></path>
        <path d="M10 16.5L5.5 12 10 7.5M5.5 12H15"></path>
      `,
      size,
    ),
  alert: (size?: number) =>
    icon(
      svg`
        <circle cx="12" cy="12" r="9"></circle>
        <path d="M12 7.5v5.5M12 16.5h.01"></path>
      `,
      size,
    ),
  info: (size?: number) =>
    icon(
      svg`
        <circle cx="12" cy="12" r="9"></circle>
        <path d="M12 11v5.5M12 7.5h.01"></path>
      `,
      size,
    ),
  eye: (size?: number) =>
    icon(
      svg`
        <path d="M2.5 12S6 5.5 12 5.5 21.5 12 21.5 12 18 18.5 12 18.5 2.5 12 2.5 12z"></path>
        <circle cx="12" cy="12" r="2.8"></circle>
      `,
      size,
    ),
  eyeOff: (size?: number) =>
    icon(
      svg`
        <path
          d="M3 3l18 18M10.6 6.1c.5-.1.9-.1 1.4-.1 6 0 9.5 6 9.5 6a17 17 0 0 1-2.6 3.4M6.6 6.6C4 8.3 2.5 12 2.5 12S6 18.5 12 18.5c1.8 0 3.4-.5 4.7-1.3M9.9 9.9a3 3 0 0 0 4.2 4.2"></path>
      `,
      size,
    ),
  inbox: (size?: number) =>
    icon(
      svg`
        <path
          d="M3 13.5l2.6-7.4A1.5 1.5 0 0 1 7 5h10a1.5 1.5 0 0 1 1.4 1.1l2.6 7.4V18a1.5 1.5 0 0 1-1.5 1.5h-15A1.5 1.5 0 0 1 3 18z"></path>
        <path d="M3 13.5h5l1.5 2.5h5l1.5-2.5h5"></path>
      `,
      size,
    ),
  phoneOff: (size?: number) =>
    icon(
      svg`
        <path
          d="M6.6 3h2.8l1.5 4-2 1.3c.5 1.1 1.1 2.1 1.9 3M13.1 13.7c.9.7 1.9 1.3 3 1.8l1.3-2 4 1.5v2.8A2 2 0 0 1 19 19.4 16.4 16.4 0 0 1 4.6 5"></path>
        <path d="M3 3l18 18"></path>
      `,
      size,
    ),
  pause: (size?: number) =>
    icon(
      svg`
        <rect x="6.5" y="5" width="3.5" height="14" rx="1"></rect>
        <rect x="14" y="5" width="3.5" height="14" rx="1"></rect>
      `,
      size,
    ),
  mic: (size?: number) =>
    icon(
      svg`
        <rect x="9" y="3" width="6" height="11" rx="3"></rect>
        <path d="M5.5 11a6.5 6.5 0 0 0 13 0M12 17.5V21M8.5 21h7"></path>
      `,
      size,
    ),
  micOff: (size?: number) =>
    icon(
      svg`
        <path d="M15 9.5V6a3 3 0 0 0-5.6-1.5M9 9v2a3 3 0 0 0 4.6 2.5"></path>
        <path
          d="M5.5 11a6.5 6.5 0 0 0 10.4 5.2M18.5 11c0 .8-.1 1.5-.4 2.2M12 17.5V21M8.5 21h7M3 3l18 18"></path>
      `,
      size,
    ),
  dialpad: (size?: number) =>
    icon(
      svg`
        <circle cx="6" cy="5" r="1.3"></circle>
        <circle cx="12" cy="5" r="1.3"></circle>
        <circle cx="18" cy="5" r="1.3"></circle>
        <circle cx="6" cy="11" r="1.3"></circle>
        <circle cx="12" cy="11" r="1.3"></circle>
        <circle cx="18" cy="11" r="1.3"></circle>
        <circle cx="6" cy="17" r="1.3"></circle>
        <circle cx="12" cy="17" r="1.3"></circle>
        <circle cx="18" cy="17" r="1.3"></circle>
        <circle cx="12" cy="22" r="1.1"></circle>
      `,
      size,
    ),
  transfer: (size?: number) =>
    icon(
      svg`
        <path d="M4 8h13M13.5 4.5L17 8l-3.5 3.5"></path>
        <path d="M20 16H7M10.5 12.5L7 16l3.5 3.5"></path>
      `,
      size,
    ),
  merge: (size?: number) =>
    icon(
      svg`
        <circle cx="6" cy="6" r="2.2"></circle>
        <circle cx="6" cy="18" r="2.2"></circle>
        <circle cx="18" cy="12" r="2.2"></circle>
        <path d="M8 7.2l7.8 3.8M8 16.8l7.8-3.8"></path>
      `,
      size,
    ),
  keyboard: (size?: number) =>
    icon(
      svg`
        <rect x="2.5" y="6" width="19" height="12" rx="2"></rect>
        <path d="M6 10h.01M9.5 10h.01M13 10h.01M16.5 10h.01M7.5 14h9"></path>
      `,
      size,
    ),
  search: (size?: number) =>
    icon(
      svg`
        <circle cx="10.5" cy="10.5" r="6.5"></circle>
        <path d="M15.5 15.5L20 20"></path>
      `,
      size,
    ),
  clock: (size?: number) =>
    icon(
      svg`
        <circle cx="12" cy="12" r="9"></circle>
        <path d="M12 7v5l3 2"></path>
      `,
      size,
    ),
  star: (size?: number) =>
    icon(
      svg`
        <path d="M12 3.5l2.6 5.3 5.9.9-4.3 4.1 1 5.8L12 16.9l-5.2 2.7 1-5.8-4.3-4.1 5.9-.9z"></path>
      `,
      size,
    ),
  plus: (size?: number) =>
    icon(
      svg`
        <path d="M12 5v14M5 12h14"></path>
      `,
      size,
    ),
  speaker: (size?: number) =>
    icon(
      svg`
        <path d="M4 9.5h3.5L12 5.5v13l-4.5-4H4z"></path>
        <path d="M15.5 9a4 4 0 0 1 0 6M18 6.5a7.5 7.5 0 0 1 0 11"></path>
      `,
      size,
    ),
} as const;

/** The name of one of {@linkcode icons}. */
export type IconName = keyof typeof icons;
