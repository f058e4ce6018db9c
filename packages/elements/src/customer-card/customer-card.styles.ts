import { css } from 'lit';

export const cardStyles = css`
  [part='chart'] {
    min-height: 0;
  }
  .grid {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr));
    gap: 0.75rem 1.25rem;
  }
  section h4 {
    margin: 0 0 0.35rem;
    font-size: 0.9em;
    color: var(--crm-color-muted, #6b7280);
    font-weight: 600;
  }
  dl {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 0.15rem 0.75rem;
    margin: 0;
  }
  dt {
    color: var(--crm-color-muted, #6b7280);
  }
  dd {
    margin: 0;
    overflow-wrap: anywhere;
    font-variant-numeric: tabular-nums;
  }
  .id {
    font-size: 1.25em;
    font-weight: 650;
  }
  .tags {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem;
  }
`;
