import { css } from 'lit';
import { errorBoxStyles } from '../internal/error-box.js';
import { hostReset } from '../internal/widget.styles.js';

export const sourceStyles = [
  errorBoxStyles,
  css`
  /* The source has no surface of its own: its colours follow the page's colour scheme (light-dark()). */
  :host {
    ${hostReset}
    display: block;
    box-sizing: border-box;
    font-family: var(--crm-font-family, system-ui, -apple-system, 'Segoe UI', 'Noto Sans TC', 'Noto Sans SC', 'PingFang TC', 'Microsoft JhengHei', sans-serif);
    font-size: var(--crm-font-size, 14px);
    color: var(--crm-color-text, light-dark(#1f2937, #e5e7eb));
  }
  :host([hidden]) {
    display: none !important;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  [part='base'] {
    display: flex;
    flex-wrap: wrap;
    gap: var(--crm-spacing-small, 0.5rem);
    align-items: center;
    padding: var(--crm-spacing-small, 0.5rem) 0;
  }
  :host([quiet]) [part='base'].ready {
    display: none;
  }
  [part='progress'] {
    flex: 1 1 12rem;
    height: 0.4rem;
    min-width: 8rem;
    accent-color: var(--crm-color-primary, light-dark(#2563eb, #60a5fa));
  }
  [part='error'] {
    flex: 1 1 100%;
    border: 1px solid var(--crm-color-danger, light-dark(#b91c1c, #fca5a5));
    background: var(--crm-color-danger-bg, light-dark(#fef2f2, #450a0a));
    color: var(--crm-color-danger, light-dark(#b91c1c, #fca5a5));
    border-radius: var(--crm-radius, 6px);
    padding: var(--crm-spacing-small, 0.5rem) var(--crm-spacing-medium, 0.75rem);
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  [part='summary'] {
    color: var(--crm-color-muted, light-dark(#6b7280, #9ca3af));
  }
  [part='dropzone'] {
    flex: 1 1 100%;
    border: 2px dashed var(--crm-color-border, light-dark(#d1d5db, #374151));
    border-radius: var(--crm-radius, 6px);
    padding: var(--crm-spacing-large, 1.25rem);
    text-align: center;
    color: var(--crm-color-muted, light-dark(#6b7280, #9ca3af));
    cursor: pointer;
  }
  [part='dropzone'].over {
    border-color: var(--crm-color-primary, light-dark(#2563eb, #60a5fa));
    color: var(--crm-color-primary, light-dark(#2563eb, #60a5fa));
  }
  button {
    font: inherit;
    padding: 0.2rem 0.6rem;
    border: 1px solid var(--crm-color-border, light-dark(#d1d5db, #374151));
    border-radius: var(--crm-radius, 6px);
    background: var(--crm-color-surface, light-dark(#fff, #111827));
    color: inherit;
    cursor: pointer;
  }
  .visually-hidden {
    position: absolute !important;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
`,
];
