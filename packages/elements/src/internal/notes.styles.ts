import { css } from 'lit';

/** The lines under a chart: a caption saying what was computed, a summary, and an interaction hint. */
export const notesStyles = css`
  [part='caption'],
  [part='summary'] {
    margin: var(--crm-spacing-small, 0.5rem) 0 0;
    font-size: 0.85em;
  }
  [part='caption'],
  [part='hint'] {
    color: var(--crm-color-muted, #6b7280);
  }
  [part='hint'] {
    font-size: 0.8em;
    margin-top: 0.25rem;
  }
`;
