import { css } from "lit";

/**
 * uPlot's layout rules, restated because its stylesheet cannot reach into a shadow root:
 * the plot's layers are stacked absolutely inside the sized wrapper, the legend wraps
 * under the plot and the cursor and selection are drawn over it.
 */
export const uplotStyles = css`
  .uplot {
    font-family: inherit;
    line-height: 1.5;
    width: min-content;
  }
  .u-wrap {
    position: relative;
    user-select: none;
  }
  .u-over,
  .u-under,
  .u-axis {
    position: absolute;
  }
  .uplot canvas {
    display: block;
    position: relative;
    width: 100%;
    height: 100%;
  }
  .u-legend {
    font-size: 0.8125rem;
    margin: 0.25rem auto 0;
    text-align: center;
  }
  .u-legend tbody {
    display: flex;
    flex-wrap: wrap;
    gap: 0 1rem;
    justify-content: center;
  }
  .u-legend .u-marker {
    display: inline-block;
    width: 1em;
    height: 1em;
    margin-right: 4px;
    vertical-align: middle;
  }
  .u-legend .u-off > * {
    opacity: 0.3;
  }
  .u-select {
    position: absolute;
    background: rgba(0, 0, 0, 0.07);
    pointer-events: none;
  }
  .u-cursor-x,
  .u-cursor-y,
  .u-cursor-pt {
    position: absolute;
    left: 0;
    top: 0;
    pointer-events: none;
  }
  .u-hz .u-cursor-x {
    height: 100%;
    border-right: 1px dashed #607d8b;
  }
  .u-hz .u-cursor-y {
    width: 100%;
    border-bottom: 1px dashed #607d8b;
  }
  .u-cursor-pt {
    border-radius: 50%;
    border: 0 solid;
  }
  .u-axis.u-off,
  .u-select.u-off,
  .u-cursor-x.u-off,
  .u-cursor-y.u-off,
  .u-cursor-pt.u-off {
    display: none;
  }
`;
