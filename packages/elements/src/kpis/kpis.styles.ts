import { css } from 'lit';

export const kpiStyles = css`
  [part='tiles'] {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(var(--crm-kpi-min-width, 9.5rem), 1fr));
    gap: var(--crm-spacing-small, 0.5rem);
  }
  [part~='tile'] {
    border: 1px solid var(--crm-color-border, #e5e7eb);
    border-radius: var(--crm-radius, 8px);
    padding: 0.5rem 0.65rem;
    min-width: 0;
    container-type: inline-size;
  }
  [part~='label'] {
    color: var(--crm-color-muted, #6b7280);
    font-size: 0.85em;
  }
  /* A figure never breaks inside: a long one (e.g. US$1,069,356 in a narrow tile) gets smaller to fit. */
  [part~='value'] {
    font-size: min(1.45em, calc(100cqi / (var(--crm-kpi-chars, 8) * 0.62)));
    font-weight: 650;
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
  }
  [part~='delta'] {
    font-size: 0.8em;
    color: var(--crm-color-muted, #6b7280);
  }
  .good {
    color: var(--crm-color-positive, #15803d);
  }
  .bad {
    color: var(--crm-color-negative, #b91c1c);
  }
  [part='chart'] {
    min-height: 0;
  }
  [part='period'] {
    margin: 0 0 var(--crm-spacing-small, 0.5rem);
    color: var(--crm-color-muted, #6b7280);
    font-size: 0.85em;
  }
`;
