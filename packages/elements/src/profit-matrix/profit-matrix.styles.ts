import { css } from 'lit';

export const matrixStyles = css`
  /* the screen-reader table is clipped, but a long one would still stretch the page's scroll area */
  :host {
    contain: paint;
  }
  [part='callouts'] {
    margin: var(--crm-spacing-small, 0.5rem) 0 0;
    padding: 0;
    list-style: none;
    font-size: 0.92em;
  }
  [part='callouts'] li {
    margin: 0.15rem 0;
  }
  [part='callouts'] .over {
    color: var(--crm-color-danger, #b91c1c);
  }
  [part='callouts'] .under {
    color: var(--crm-color-positive, #15803d);
  }
  [part='callouts'] .note {
    color: var(--crm-color-muted, #6b7280);
    font-size: 0.9em;
  }
`;
