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

/**
 * A list of figures under a chart (the Pareto legend, the matrix's call-outs):
 * losses and over-served customers in the danger colour, under-served in the
 * positive one, side notes muted.
 */
export const figureListStyles = css`
  /* the screen-reader table is clipped, but a long one would still stretch the page's scroll area */
  :host {
    contain: paint;
  }
  [part='legend'],
  [part='callouts'] {
    margin: var(--crm-spacing-small, 0.5rem) 0 0;
    padding: 0;
    list-style: none;
    font-size: 0.92em;
  }
  [part='legend'] li,
  [part='callouts'] li {
    margin: 0.15rem 0;
  }
  .loss,
  .over {
    color: var(--crm-color-danger, #b91c1c);
  }
  .under {
    color: var(--crm-color-positive, #15803d);
  }
  .note {
    color: var(--crm-color-muted, #6b7280);
    font-size: 0.9em;
  }
`;
