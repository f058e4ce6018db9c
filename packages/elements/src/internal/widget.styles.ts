import { css } from 'lit';

/**
 * Inherited text properties a host page may set on an ancestor (a CMS theme's `text-transform: uppercase`,
 * `letter-spacing`, `text-align: justify` …) reset to their initial values on the widget's host: shadow DOM
 * stops selectors, not inheritance. Shared by every crmkit element.
 */
export const hostReset = css`
  font-style: normal;
  font-weight: 400;
  font-variant: normal;
  font-stretch: normal;
  font-kerning: auto;
  font-feature-settings: normal;
  font-variation-settings: normal;
  line-height: 1.4;
  text-align: start;
  text-align-last: auto;
  text-indent: 0;
  text-transform: none;
  text-shadow: none;
  text-rendering: auto;
  letter-spacing: normal;
  word-spacing: normal;
  white-space: normal;
  word-break: normal;
  overflow-wrap: normal;
  hyphens: manual;
  tab-size: 8;
  writing-mode: horizontal-tb;
  font-synthesis: weight style;
  visibility: visible;
  cursor: auto;
  quotes: auto;
  -webkit-text-stroke: 0;
`;

/** The built-in dark palette: the same tokens a page can set itself. */
export const darkTokens = css`
  color-scheme: dark;
  --crm-color-text: #e5e7eb;
  --crm-color-muted: #9ca3af;
  --crm-color-surface: #111827;
  --crm-color-border: #374151;
  --crm-color-primary: #60a5fa;
  --crm-color-focus: #f9fafb;
  --crm-color-danger: #fca5a5;
  --crm-color-danger-bg: #450a0a;
  --crm-color-grid: #374151;
  --crm-color-positive: #4ade80;
  --crm-color-negative: #f87171;
  --crm-color-series-1: #60a5fa;
  --crm-color-series-2: #fbbf24;
  --crm-color-series-3: #34d399;
  --crm-color-series-4: #f87171;
  --crm-color-series-5: #a78bfa;
  --crm-color-series-6: #9ca3af;
  --crm-tooltip-bg: rgba(249, 250, 251, 0.95);
  --crm-tooltip-color: #111827;
`;

/**
 * Styles every widget shares. Theme tokens (`--crm-*`) have defaults here;
 * pages override them on the element or any ancestor. `theme="dark"` (or no
 * theme / `auto` on a system set to dark) switches to the dark tokens;
 * `theme="light"` keeps the light ones whatever the system prefers.
 */
export const widgetStyles = css`
  :host {
    ${hostReset}
    display: block;
    box-sizing: border-box;
    position: relative;
    min-width: 0;
    color-scheme: light;
    font-family: var(--crm-font-family, system-ui, -apple-system, 'Segoe UI', 'Noto Sans TC', 'Noto Sans SC', 'PingFang TC', 'Microsoft JhengHei', sans-serif);
    font-size: var(--crm-font-size, 14px);
    color: var(--crm-color-text, #1f2937);
    background: var(--crm-color-surface, #ffffff);
    border: var(--crm-border-width, 1px) solid var(--crm-color-border, #e5e7eb);
    border-radius: var(--crm-radius, 8px);
    padding: var(--crm-spacing-medium, 0.75rem);
  }
  :host([hidden]) {
    display: none !important;
  }
  :host([theme='dark']) {
    ${darkTokens}
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      ${darkTokens}
    }
  }
  [part='export'] {
    display: inline-flex;
    gap: 0.25rem;
  }
  [part='export-button'] {
    font: inherit;
    font-size: 0.8em;
    padding: 0.1rem 0.45rem;
    border: 1px solid var(--crm-color-border, #e5e7eb);
    border-radius: 4px;
    background: transparent;
    color: var(--crm-color-muted, #6b7280);
    cursor: pointer;
  }
  [part='export-button']:hover,
  [part='export-button']:focus-visible {
    color: var(--crm-color-text, #1f2937);
    border-color: var(--crm-color-primary, #2563eb);
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  /* Title and buttons on one row; on a narrow card the buttons wrap under the title instead of running past the edge. */
  [part='header'] {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    justify-content: space-between;
    gap: 0.5rem;
    margin: 0 0 var(--crm-spacing-small, 0.5rem);
  }
  [part='title'] {
    font-size: 1.05em;
    font-weight: 600;
    margin: 0;
    margin-inline-end: auto;
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
    contain: strict;
    width: 1px !important;
    height: 1px !important;
    overflow: hidden !important;
    clip: rect(0 0 0 0) !important;
    white-space: nowrap !important;
  }
  /* The chart's data as a table for screen readers: placed off the screen, so the browser skips its styling, layout and
     painting while it stays in the accessibility tree (a new result's rows then cost no frame time). */
  .data-table {
    left: -100000px !important;
    top: 0 !important;
    content-visibility: auto;
    contain-intrinsic-size: 1px 1px;
  }
  .mark:focus {
    outline: none;
  }
  /* Paper: no buttons or tooltips, and a widget is not split across two pages. */
  @media print {
    :host {
      break-inside: avoid;
    }
    [part='export'],
    [part='tooltip'] {
      display: none !important;
    }
  }
  /* The focus ring: a stroke on the mark and an outline around it, so it shows on dark marks too. */
  .mark:focus-visible,
  .mark.focused {
    stroke: var(--crm-color-focus, #111827);
    stroke-width: 3px;
    outline: 2px solid var(--crm-color-focus, #111827);
    outline-offset: 2px;
  }
`;
