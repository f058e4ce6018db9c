import { css, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { SelectionClause } from '@crmkit/core';
import { CrmElement } from '../internal/crm-element.js';
import { findSource } from '../internal/widget.js';
import type { CrmSource } from '../source/source.js';
import { COMMON } from '../i18n/common.js';
import { resolveLang, translate } from '../i18n/locale.js';
import { hostReset } from '../internal/widget.styles.js';

/**
 * @summary The filters in force on a source, one chip each; × removes one, "Clear filter" removes all.
 *
 * @attr source - id of the `<crm-source>` (default: the enclosing or first one).
 * @csspart base - the row. @csspart chip - one filter. @csspart clear - the clear-all button.
 */
export class CrmFilterChips extends CrmElement {
  static override styles = css`
    :host {
      ${hostReset}
      display: block;
      font-family: var(--crm-font-family, system-ui, sans-serif);
      font-size: var(--crm-font-size, 14px);
      color: var(--crm-color-text, light-dark(#1f2937, #e5e7eb));
    }
    [part='base'] {
      display: flex;
      flex-wrap: wrap;
      gap: 0.35rem;
      align-items: center;
      min-height: 1.8rem;
    }
    [part='chip'],
    [part='clear'] {
      display: inline-flex;
      align-items: center;
      gap: 0.3rem;
      font: inherit;
      font-size: 0.9em;
      border: 1px solid var(--crm-color-primary, light-dark(#2563eb, #60a5fa));
      border-radius: 999px;
      padding: 0.1rem 0.6rem;
      background: var(--crm-color-badge, rgba(37, 99, 235, 0.12));
      color: inherit;
      cursor: pointer;
    }
    [part='clear'] {
      background: transparent;
      border-color: var(--crm-color-border, light-dark(#d1d5db, #374151));
    }
  `;

  @property() source = '';
  @state() private clauses: SelectionClause[] = [];
  private src?: CrmSource;
  private off?: () => void;
  private onConnected = () => this.bind();

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('crm-source-connected', this.onConnected);
    document.addEventListener('crm-source-disconnected', this.onConnected);
    this.bind();
  }
  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('crm-source-connected', this.onConnected);
    document.removeEventListener('crm-source-disconnected', this.onConnected);
    this.off?.();
    this.src = undefined;
  }
  private bind() {
    const s = findSource(this, this.source);
    if (s === this.src) return;
    this.off?.();
    this.off = undefined;
    this.src = s;
    // The source left the page and no other was found: no chips of its filters stay.
    if (!s) return void (this.clauses = []);
    this.clauses = s.selection.list();
    this.off = s.selection.subscribe((sel) => (this.clauses = sel.list()));
  }

  protected override render() {
    if (!this.clauses.length) return html`<div part="base" aria-live="polite"></div>`;
    const t = (k: 'clearFilter') => translate(COMMON, resolveLang(this), k);
    return html`<div part="base" role="group" aria-live="polite" aria-label=${t('clearFilter')}>
      ${this.clauses.map(
        (c) => html`<button part="chip" type="button" data-client=${c.client} aria-label="${t('clearFilter')}: ${c.label}" @click=${() => this.src?.clearSelection(c.client)}>
          ${c.label}<span aria-hidden="true">×</span>
        </button>`,
      )}
      ${this.clauses.length ? html`<button part="clear" type="button" @click=${() => this.src?.clearSelection()}>${t('clearFilter')}</button>` : nothing}
    </div>`;
  }
}
