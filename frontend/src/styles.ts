import { css } from "lit";

// Colours come from the user's theme (light or dark); sizes from Home Assistant's card styles.
export const cardStyles = css`
  :host {
    display: block;
    container-type: inline-size;
  }
  ha-card {
    padding: 16px;
    display: flex;
    flex-direction: column;
    gap: 12px;
    height: 100%;
    box-sizing: border-box;
  }
  .header {
    display: flex;
    align-items: flex-start;
    justify-content: space-between;
    gap: 8px;
  }
  .title {
    margin: 0;
    font-size: var(--ha-font-size-xl, 20px);
    font-weight: var(--ha-font-weight-normal, 400);
    line-height: 1.3;
    color: var(--primary-text-color);
    overflow-wrap: anywhere;
  }
  .versions {
    color: var(--secondary-text-color);
    font-size: var(--ha-font-size-m, 14px);
  }
  .versions .target {
    color: var(--primary-text-color);
    font-weight: var(--ha-font-weight-medium, 500);
  }
  .connection {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    flex-shrink: 0;
    font-size: var(--ha-font-size-s, 12px);
    color: var(--secondary-text-color);
    white-space: nowrap;
  }
  .connection .dot {
    width: 8px;
    height: 8px;
    border-radius: 50%;
    background: var(--disabled-color, #9e9e9e);
  }
  .connection[data-connected="true"] .dot {
    background: var(--success-color, #43a047);
  }
  .connection[data-connected="false"] .dot {
    background: var(--error-color, #db4437);
  }
  .stepper {
    display: grid;
    grid-auto-flow: column;
    grid-auto-columns: 1fr;
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .step {
    position: relative;
    display: flex;
    flex-direction: column;
    align-items: center;
    text-align: center;
    gap: 4px;
    min-width: 0;
  }
  .step::before {
    content: "";
    position: absolute;
    top: 13px;
    right: 50%;
    width: 100%;
    height: 2px;
    background: var(--divider-color, rgba(127, 127, 127, 0.3));
  }
  .step:first-child::before {
    display: none;
  }
  .step[data-status="done"]::before,
  .step[data-status="current"]::before,
  .step[data-status="waiting"]::before,
  .step[data-status="failed"]::before {
    background: var(--primary-color);
  }
  .marker {
    position: relative;
    z-index: 1;
    width: 28px;
    height: 28px;
    border-radius: 50%;
    display: flex;
    align-items: center;
    justify-content: center;
    box-sizing: border-box;
    border: 2px solid var(--divider-color, rgba(127, 127, 127, 0.3));
    background: var(--card-background-color, var(--ha-card-background, #fff));
    color: var(--secondary-text-color);
    --mdc-icon-size: 16px;
  }
  .step[data-status="done"] .marker {
    background: var(--primary-color);
    border-color: var(--primary-color);
    color: var(--text-primary-color, #fff);
  }
  .step[data-status="current"] .marker {
    border-color: var(--primary-color);
    color: var(--primary-color);
    box-shadow: 0 0 0 4px rgba(var(--rgb-primary-color, 3, 169, 244), 0.2);
  }
  .step[data-status="waiting"] .marker {
    background: var(--warning-color, #ffa600);
    border-color: var(--warning-color, #ffa600);
    color: var(--text-primary-color, #fff);
  }
  .step[data-status="failed"] .marker {
    background: var(--error-color, #db4437);
    border-color: var(--error-color, #db4437);
    color: var(--text-primary-color, #fff);
  }
  .step[data-status="skipped"] .marker {
    border-style: dashed;
  }
  .step-label {
    font-size: var(--ha-font-size-xs, 10px);
    line-height: 1.2;
    color: var(--secondary-text-color);
    overflow-wrap: anywhere;
  }
  .step[data-status="current"] .step-label,
  .step[data-status="waiting"] .step-label,
  .step[data-status="failed"] .step-label {
    color: var(--primary-text-color);
    font-weight: var(--ha-font-weight-medium, 500);
  }
  .status {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    gap: 4px 12px;
    font-size: var(--ha-font-size-m, 14px);
    color: var(--primary-text-color);
  }
  .status .detail {
    color: var(--secondary-text-color);
  }
  .progress {
    height: 6px;
    border-radius: 3px;
    overflow: hidden;
    background: var(--divider-color, rgba(127, 127, 127, 0.3));
  }
  .progress .bar {
    height: 100%;
    background: var(--primary-color);
    transition: width 0.4s ease;
  }
  .progress[data-percent=""] .bar {
    width: 30%;
    animation: indeterminate 1.4s ease-in-out infinite;
  }
  @keyframes indeterminate {
    from {
      transform: translateX(-100%);
    }
    to {
      transform: translateX(340%);
    }
  }
  h3 {
    margin: 0 0 4px;
    font-size: var(--ha-font-size-s, 12px);
    font-weight: var(--ha-font-weight-medium, 500);
    text-transform: uppercase;
    letter-spacing: 0.04em;
    color: var(--secondary-text-color);
  }
  ul.components,
  ul.alerts,
  ul.log {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .components li {
    display: grid;
    grid-template-columns: 20px minmax(0, 1fr) auto;
    align-items: center;
    gap: 8px;
    padding: 3px 0;
    font-size: var(--ha-font-size-m, 14px);
    --mdc-icon-size: 18px;
  }
  .components .versions-cell {
    color: var(--secondary-text-color);
    font-size: var(--ha-font-size-s, 12px);
  }
  .components .meta {
    font-size: var(--ha-font-size-s, 12px);
    color: var(--secondary-text-color);
    text-align: right;
    white-space: nowrap;
  }
  .components li[data-state="completed"] ha-icon {
    color: var(--success-color, #43a047);
  }
  .components li[data-state="in_progress"] ha-icon {
    color: var(--primary-color);
  }
  .components li[data-state="waiting"] ha-icon {
    color: var(--warning-color, #ffa600);
  }
  .components li[data-state="failed"] ha-icon {
    color: var(--error-color, #db4437);
  }
  .alert-box {
    border-radius: var(--ha-card-border-radius, 12px);
    padding: 8px 12px;
    background: rgba(var(--rgb-warning-color, 255, 166, 0), 0.12);
    border-left: 4px solid var(--warning-color, #ffa600);
  }
  .alerts li {
    padding: 2px 0;
    font-size: var(--ha-font-size-m, 14px);
    color: var(--primary-text-color);
  }
  .alerts .component {
    font-weight: var(--ha-font-weight-medium, 500);
  }
  .alerts li[data-severity="critical"] {
    color: var(--error-color, #db4437);
  }
  .waiting-for {
    display: grid;
    grid-template-columns: 24px minmax(0, 1fr);
    align-items: start;
    gap: 8px;
    border-radius: var(--ha-card-border-radius, 12px);
    padding: 8px 12px;
    background: rgba(var(--rgb-info-color, 3, 155, 229), 0.12);
    border-left: 4px solid var(--info-color, #039be5);
    font-size: var(--ha-font-size-m, 14px);
    color: var(--primary-text-color);
    --mdc-icon-size: 20px;
  }
  .waiting-for ha-icon {
    color: var(--info-color, #039be5);
  }
  .waiting-for .hint {
    color: var(--secondary-text-color);
    font-size: var(--ha-font-size-s, 12px);
  }
  .precheck-summary {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 4px 12px;
    font-size: var(--ha-font-size-m, 14px);
    color: var(--secondary-text-color);
  }
  .precheck-summary .outcome {
    display: inline-flex;
    align-items: center;
    gap: 4px;
    font-weight: var(--ha-font-weight-medium, 500);
    color: var(--success-color, #43a047);
    --mdc-icon-size: 18px;
  }
  .precheck[data-passed="false"] .outcome {
    color: var(--error-color, #db4437);
  }
  .precheck-summary time {
    font-variant-numeric: tabular-nums;
  }
  ul.findings {
    list-style: none;
    margin: 4px 0 0;
    padding: 0;
    font-size: var(--ha-font-size-s, 12px);
    color: var(--primary-text-color);
  }
  ul.findings.full {
    max-height: 240px;
    overflow-y: auto;
  }
  .findings li {
    padding: 2px 0 2px 8px;
    border-left: 2px solid var(--divider-color, rgba(127, 127, 127, 0.3));
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    justify-content: flex-end;
    gap: 8px;
  }
  button {
    font: inherit;
    font-size: var(--ha-font-size-m, 14px);
    font-weight: var(--ha-font-weight-medium, 500);
    border-radius: 18px;
    padding: 8px 16px;
    min-height: 36px;
    cursor: pointer;
    border: 1px solid var(--primary-color);
    background: transparent;
    color: var(--primary-color);
  }
  button.primary {
    background: var(--primary-color);
    color: var(--text-primary-color, #fff);
  }
  button.warning {
    background: var(--warning-color, #ffa600);
    border-color: var(--warning-color, #ffa600);
    color: var(--text-primary-color, #fff);
  }
  button.link {
    border: none;
    padding: 4px 8px;
    min-height: 0;
  }
  button:disabled {
    opacity: 0.5;
    cursor: default;
  }
  button:focus-visible {
    outline: 2px solid var(--primary-color);
    outline-offset: 2px;
  }
  .confirm {
    border-radius: var(--ha-card-border-radius, 12px);
    padding: 12px;
    border: 1px solid var(--divider-color, rgba(127, 127, 127, 0.3));
    display: flex;
    flex-direction: column;
    gap: 8px;
    font-size: var(--ha-font-size-m, 14px);
    color: var(--primary-text-color);
  }
  .error {
    color: var(--error-color, #db4437);
    font-size: var(--ha-font-size-m, 14px);
  }
  .log-header {
    display: flex;
    align-items: center;
    justify-content: space-between;
  }
  ul.log {
    font-size: var(--ha-font-size-s, 12px);
    color: var(--primary-text-color);
  }
  ul.log.full {
    max-height: 320px;
    overflow-y: auto;
  }
  .log li {
    display: grid;
    grid-template-columns: auto minmax(0, 1fr);
    gap: 8px;
    padding: 2px 0;
  }
  .log time {
    color: var(--secondary-text-color);
    white-space: nowrap;
    font-variant-numeric: tabular-nums;
  }
  .log li[data-level="warning"] .message {
    color: var(--warning-color, #ffa600);
  }
  .log li[data-level="error"] .message {
    color: var(--error-color, #db4437);
  }
  .message {
    overflow-wrap: anywhere;
  }
  .empty {
    color: var(--secondary-text-color);
    font-size: var(--ha-font-size-s, 12px);
  }
  /* A phone: the stepper keeps its markers, only the current phase is named. */
  @container (max-width: 420px) {
    .step-label {
      display: none;
    }
    .step[data-status="current"] .step-label,
    .step[data-status="waiting"] .step-label,
    .step[data-status="failed"] .step-label {
      display: block;
      position: absolute;
      top: 32px;
      white-space: nowrap;
    }
    .stepper {
      padding-bottom: 18px;
    }
    .step:first-child .step-label {
      left: 0;
    }
    .step:last-child .step-label {
      right: 0;
    }
  }
`;
