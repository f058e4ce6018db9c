import { css } from 'lit';

export const paretoStyles = css`
  /* the screen-reader table is clipped, but a long one would still stretch the page's scroll area */
  :host {
    contain: paint;
  }
  [part='legend'] {
    margin: var(--crm-spacing-small, 0.5rem) 0 0;
    padding: 0;
    list-style: none;
    font-size: 0.92em;
  }
  [part='legend'] li {
    margin: 0.15rem 0;
  }
  [part='legend'] .loss {
    color: var(--crm-color-danger, #b91c1c);
  }
  [part='hint'] {
    color: var(--crm-color-muted, #6b7280);
    font-size: 0.8em;
    margin-top: 0.25rem;
  }
`;
