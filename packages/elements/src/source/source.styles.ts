import { css } from 'lit';
import { errorBoxStyles } from '../internal/error-box.js';

export const sourceStyles = [
  errorBoxStyles,
  css`
  :host {
    display: block;
    box-sizing: border-box;
    font-family: var(--crm-font-family, system-ui, -apple-system, 'Segoe UI', 'Noto Sans TC', 'Noto Sans SC', 'PingFang TC', 'Microsoft JhengHei', sans-serif);
    font-size: var(--crm-font-size, 14px);
    color: var(--crm-color-text, #1f2937);
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
    accent-color: var(--crm-color-primary, #2563eb);
  }
  [part='error'] {
    flex: 1 1 100%;
    border: 1px solid var(--crm-color-danger, #b91c1c);
    background: var(--crm-color-danger-bg, #fef2f2);
    color: var(--crm-color-danger, #b91c1c);
    border-radius: var(--crm-radius, 6px);
    padding: var(--crm-spacing-small, 0.5rem) var(--crm-spacing-medium, 0.75rem);
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  [part='summary'] {
    color: var(--crm-color-muted, #6b7280);
  }
  [part='dropzone'] {
    flex: 1 1 100%;
    border: 2px dashed var(--crm-color-border, #d1d5db);
    border-radius: var(--crm-radius, 6px);
    padding: var(--crm-spacing-large, 1.25rem);
    text-align: center;
    color: var(--crm-color-muted, #6b7280);
    cursor: pointer;
  }
  [part='dropzone'].over {
    border-color: var(--crm-color-primary, #2563eb);
    color: var(--crm-color-primary, #2563eb);
  }
  button {
    font: inherit;
    padding: 0.2rem 0.6rem;
    border: 1px solid var(--crm-color-border, #d1d5db);
    border-radius: var(--crm-radius, 6px);
    background: var(--crm-color-surface, #fff);
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
