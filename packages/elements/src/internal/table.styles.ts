import { css } from 'lit';

/** Tables, inputs and buttons shared by the list and the card. */
export const tableStyles = css`
  input[type='search'] {
    font: inherit;
    width: 100%;
    padding: 0.35rem 0.5rem;
    margin-bottom: 0.5rem;
    border: 1px solid var(--crm-color-border, #e5e7eb);
    border-radius: var(--crm-radius, 8px);
    background: var(--crm-color-surface, #fff);
    color: inherit;
  }
  /* A table wider than its card scrolls sideways, with a shadow at the edge that has more to see (a scroll cue):
     the surface-coloured covers move with the content and hide a shadow once its edge is reached. */
  .scroll {
    overflow-x: auto;
    background:
      linear-gradient(to right, var(--crm-color-surface, #fff) 30%, transparent) left center / 2.5rem 100% no-repeat local,
      linear-gradient(to left, var(--crm-color-surface, #fff) 30%, transparent) right center / 2.5rem 100% no-repeat local,
      radial-gradient(farthest-side at 0 50%, rgba(0, 0, 0, 0.28), transparent) left center / 0.9rem 100% no-repeat scroll,
      radial-gradient(farthest-side at 100% 50%, rgba(0, 0, 0, 0.28), transparent) right center / 0.9rem 100% no-repeat scroll;
  }
  @media print {
    input[type='search'],
    [part='pager'],
    .pager {
      display: none !important;
    }
    .scroll {
      overflow: visible;
      background: none;
    }
    /* every column on the paper: equal shares of the width, text wrapped inside them */
    table.data {
      table-layout: fixed;
      font-size: 0.85em;
    }
    table.data th,
    table.data td,
    table.data th button {
      white-space: normal;
      overflow-wrap: anywhere;
    }
  }
  table.data {
    width: 100%;
    border-collapse: collapse;
    font-variant-numeric: tabular-nums;
  }
  table.data th,
  table.data td {
    padding: 0.3rem 0.45rem;
    border-bottom: 1px solid var(--crm-color-border, #e5e7eb);
    text-align: start;
    white-space: nowrap;
  }
  table.data td.num,
  table.data th.num {
    text-align: end;
  }
  table.data th button {
    font: inherit;
    font-weight: 600;
    border: 0;
    background: none;
    color: inherit;
    cursor: pointer;
    padding: 0;
  }
  table.data tbody tr {
    cursor: pointer;
  }
  table.data tbody tr:hover,
  table.data tbody tr:focus-visible {
    background: var(--crm-color-hover, rgba(37, 99, 235, 0.08));
    outline: none;
  }
  .pager {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 0.5rem;
    margin-top: 0.5rem;
    color: var(--crm-color-muted, #6b7280);
  }
  .pager button {
    font: inherit;
    border: 1px solid var(--crm-color-border, #e5e7eb);
    border-radius: 4px;
    background: transparent;
    color: inherit;
    padding: 0.1rem 0.5rem;
    cursor: pointer;
  }
  .pager button:disabled {
    opacity: 0.4;
    cursor: default;
  }
  .badge {
    display: inline-block;
    padding: 0 0.4rem;
    border-radius: 999px;
    background: var(--crm-color-badge, rgba(37, 99, 235, 0.12));
    font-size: 0.85em;
  }
`;
