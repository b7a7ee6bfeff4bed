import { css } from "lit";

/** How the flow canvas draws nodes, wires, ports and the traffic figures. */
export const flowCanvasStyles = css`
  :host {
    display: block;
    position: relative;
    border: 1px solid var(--cc-border);
    border-radius: var(--cc-radius);
    background:
      radial-gradient(circle, var(--cc-border) 1px, transparent 1px) 0 0 / 20px 20px,
      var(--cc-surface-muted, #f6f7f9);
    overflow: hidden;
    user-select: none;
    touch-action: none;
  }
  svg.canvas {
    display: block;
    width: 100%;
    height: 100%;
    cursor: grab;
  }
  .node {
    cursor: move;
    outline: none;
  }
  .node rect.box {
    fill: var(--cc-surface, #fff);
    stroke: var(--cc-border-strong, #9aa3af);
    stroke-width: 1.25;
  }
  .node.start rect.box {
    stroke: var(--cc-accent, #2456c8);
    stroke-width: 2;
  }
  .node.selected rect.box,
  .node:focus-visible rect.box {
    stroke: var(--cc-accent, #2456c8);
    stroke-width: 3;
  }
  .node.current rect.box {
    fill: #fff7d6;
    stroke: #d08a00;
    stroke-width: 3;
  }
  .node.bad rect.box {
    stroke: var(--cc-danger, #c62828);
  }
  .node.diff-added rect.box {
    fill: #e8f6ec;
    stroke: #1b7f3a;
    stroke-width: 2.5;
  }
  .node.diff-changed rect.box {
    fill: #fff4e0;
    stroke: #b86e00;
    stroke-width: 2.5;
  }
  .title {
    font: 600 13px system-ui, sans-serif;
    fill: var(--cc-text, #1b1f24);
  }
  .summary {
    font: 11px system-ui, sans-serif;
    fill: var(--cc-text-muted, #59636e);
  }
  .icon-wrap {
    color: var(--cc-accent, #2456c8);
  }
  .mark circle {
    fill: var(--cc-danger, #c62828);
  }
  .mark text {
    font: 700 11px system-ui, sans-serif;
    fill: #fff;
  }
  .wire {
    fill: none;
    stroke: #6b7785;
    stroke-width: 1.5;
  }
  .wire.fallback {
    stroke-dasharray: 4 3;
  }
  .wire.busy {
    stroke: var(--cc-accent, #2456c8);
  }
  .port {
    fill: var(--cc-surface, #fff);
    stroke: #6b7785;
    stroke-width: 1.5;
    cursor: crosshair;
  }
  .port.open {
    stroke: var(--cc-danger, #c62828);
  }
  .port.optional {
    stroke-dasharray: 2 2;
  }
  .exit-label rect {
    fill: var(--cc-surface, #fff);
    stroke: var(--cc-border, #d0d5db);
  }
  .exit-label text {
    font: 600 10.5px system-ui, sans-serif;
    fill: var(--cc-text, #1b1f24);
  }
  .exit-label.open text {
    fill: var(--cc-danger, #c62828);
  }
  .count rect {
    fill: var(--cc-accent, #2456c8);
  }
  .count text {
    font: 700 10.5px system-ui, sans-serif;
    fill: #fff;
  }
  .count.entered {
    cursor: pointer;
  }
  .count.hung rect {
    fill: #8a4b00;
  }
  .ghost {
    stroke: var(--cc-accent, #2456c8);
    stroke-dasharray: 5 4;
    stroke-width: 2;
    fill: none;
  }
`;
