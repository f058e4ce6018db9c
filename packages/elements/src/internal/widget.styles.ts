import { css } from 'lit';

/**
 * Styles every widget shares. Theme tokens (`--crm-*`) have defaults here;
 * pages override them on the element or any ancestor.
 */
export const widgetStyles = css`
  :host {
    --crm-color-primary: #2563eb;
    display: block;
    box-sizing: border-box;
    position: relative;
    min-width: 0;
    font-family: var(--crm-font-family, system-ui, -apple-system, 'Segoe UI', 'Noto Sans TC', 'Noto Sans SC', 'PingFang TC', 'Microsoft JhengHei', sans-serif);
    font-size: var(--crm-font-size, 14px);
    line-height: 1.4;
    color: var(--crm-color-text, #1f2937);
    background: var(--crm-color-surface, #ffffff);
    border: var(--crm-border-width, 1px) solid var(--crm-color-border, #e5e7eb);
    border-radius: var(--crm-radius, 8px);
    padding: var(--crm-spacing-medium, 0.75rem);
    text-align: start;
  }
  :host([hidden]) {
    display: none !important;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  [part='header'] {
    display: flex;
    align-items: baseline;
    justify-content: space-between;
    gap: 0.5rem;
    margin: 0 0 var(--crm-spacing-small, 0.5rem);
  }
  [part='title'] {
    font-size: 1.05em;
    font-weight: 600;
    margin: 0;
  }
  [part='chart'] {
    position: relative;
    width: 100%;
    min-height: var(--crm-chart-min-height, 160px);
  }
  [part='chart'] svg {
    display: block !important;
    visibility: visible !important;
    max-width: 100%;
    overflow: visible;
    font-family: inherit;
  }
  .state {
    display: flex;
    align-items: center;
    justify-content: center;
    min-height: var(--crm-chart-min-height, 160px);
    color: var(--crm-color-muted, #6b7280);
    text-align: center;
    padding: 1rem;
  }
  [part='error'] {
    border: 1px solid var(--crm-color-danger, #b91c1c);
    background: var(--crm-color-danger-bg, #fef2f2);
    color: var(--crm-color-danger, #b91c1c);
    border-radius: var(--crm-radius, 8px);
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  .spinner {
    width: 1.2em;
    height: 1.2em;
    margin-inline-end: 0.5em;
    border: 2px solid var(--crm-color-border, #e5e7eb);
    border-top-color: var(--crm-color-primary, #2563eb);
    border-radius: 50%;
    animation: crm-spin 0.8s linear infinite;
  }
  @keyframes crm-spin {
    to {
      transform: rotate(360deg);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .spinner {
      animation: none;
    }
  }
  [part='tooltip'] {
    position: absolute;
    pointer-events: none;
    z-index: 2;
    background: var(--crm-tooltip-bg, rgba(17, 24, 39, 0.92));
    color: var(--crm-tooltip-color, #f9fafb);
    border-radius: 4px;
    padding: 0.35rem 0.5rem;
    font-size: 0.85em;
    white-space: pre;
    max-width: 20rem;
  }
  .visually-hidden {
    position: absolute !important;
    width: 1px !important;
    height: 1px !important;
    overflow: hidden !important;
    clip: rect(0 0 0 0) !important;
    white-space: nowrap !important;
  }
  .mark:focus {
    outline: none;
  }
  .mark:focus-visible,
  .mark.focused {
    stroke: var(--crm-color-focus, #111827);
    stroke-width: 2px;
  }
`;
