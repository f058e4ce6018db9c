import { css, html, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { CrmElement } from '../internal/crm-element.js';
import type { CrmSource } from '../source/source.js';
import type { CrmCustomerPickDetail } from '../customer-list/customer-list.js';
import { resolveLang, resolveTag, translate, type Messages } from '../i18n/locale.js';
import { hostReset } from '../internal/widget.styles.js';

const MESSAGES = {
  en: { title: 'Customer analytics' },
  'zh-Hant': { title: '顧客分析' },
  'zh-Hans': { title: '顾客分析' },
} satisfies Messages<'title'>;

/** Attributes passed on to the inner `<crm-source>` (plus every `map-*`). */
const SOURCE_ATTRS = ['src', 'customers', 'events', 'format', 'encoding', 'delimiter', 'date-format', 'time-zone', 'decimal', 'on-invalid', 'server', 'dataset', 'token'] as const;

/**
 * @summary One tag for the whole dashboard: source, filter chips, KPI tiles, the four analyses, potential value, customer tags, the customer list and card.
 *
 * @attr src, customers, events, format, encoding, delimiter, date-format, time-zone, decimal, on-invalid, map-* - passed to the inner `<crm-source>`.
 * @attr server, dataset, token - a crmkit server's data set instead of `src` (passed to the inner `<crm-source>`; see docs/deploy.md).
 * @attr currency, theme, mask-pii, lang - passed to every widget.
 * @attr cost-per-order, cost-per-unit - cost-to-serve estimate for the profit matrix (and profit views) when the data has no cost column.
 * @attr heading - the title (default "Customer analytics", translated).
 *
 * @event crm-load, crm-error, crm-select - from the inner source and widgets (they bubble out).
 *
 * @csspart base, header, source, chips, kpis, grid, pyramid, funnel, pareto, matrix, conversion, acquisition, value, tags, list, card - layout regions (conversion only once events are loaded; acquisition once the data has a channel or the register an acquisition channel).
 */
export class CrmDashboard extends CrmElement {
  static override styles = css`
    :host {
      ${hostReset}
      display: block;
      container-type: inline-size;
      font-family: var(--crm-font-family, system-ui, -apple-system, 'Segoe UI', 'Noto Sans TC', 'Noto Sans SC', sans-serif);
      color: var(--crm-color-text, #1f2937);
    }
    :host([theme='dark']) {
      color-scheme: dark;
      --crm-color-text: #e5e7eb;
      background: #030712;
    }
    @media (prefers-color-scheme: dark) {
      :host(:not([theme='light'])) {
        color-scheme: dark;
        --crm-color-text: #e5e7eb;
        background: #030712;
      }
    }
    [part='base'] {
      display: grid;
      gap: var(--crm-dashboard-gap, 0.75rem);
    }
    [part='header'] h2 {
      margin: 0;
      font-size: 1.3em;
    }
    [part='grid'],
    .people {
      display: grid;
      gap: var(--crm-dashboard-gap, 0.75rem);
      grid-template-columns: 1fr;
    }
    @container (min-width: 760px) {
      [part='grid'] {
        grid-template-columns: 1fr 1fr;
      }
    }
    @container (min-width: 1100px) {
      .people {
        grid-template-columns: 3fr 2fr;
      }
    }
    /* Paper (A4): the analyses two by two, the list across the page, no file picker. */
    @media print {
      [part='grid'] {
        grid-template-columns: 1fr 1fr;
      }
      .people {
        grid-template-columns: 1fr;
      }
      crm-source,
      crm-filter-chips {
        display: none;
      }
    }
  `;

  @property() heading = '';
  /** ISO 4217; default: the currency of the page's region (zh-Hant → TWD, zh-Hans → CNY, de → EUR, en-US → USD). */
  @property() currency = '';
  @property({ reflect: true }) theme = '';
  @property({ type: Boolean, attribute: 'mask-pii' }) maskPii = false;
  @property({ attribute: 'cost-per-order' }) costPerOrder = '';
  @property({ attribute: 'cost-per-unit' }) costPerUnit = '';
  @state() private customerId = '';
  /** What the loaded data can feed: the conversion funnel needs events, acquisition a channel. */
  @state() private feeds = { events: false, channel: false };
  @query('crm-source') source!: CrmSource;
  private observer?: MutationObserver;
  private offSource?: () => void;

  override connectedCallback(): void {
    super.connectedCallback();
    this.observer = new MutationObserver(() => this.forward());
    this.observer.observe(this, { attributes: true });
    // Put back on the page: follow the inner source again.
    if (this.hasUpdated && !this.offSource) this.listen();
  }
  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.observer?.disconnect();
    this.offSource?.();
    this.offSource = undefined;
  }
  protected override firstUpdated(): void {
    this.forward();
    this.listen();
  }
  protected override updated(): void {
    if (!this.offSource) this.listen();
  }

  /**
   * Follow the inner source: the conversion funnel is shown when events are loaded, acquisition when the
   * transactions have a channel or the register an acquisition channel (else each would only show an
   * empty or one-"unknown" card). Both stay while other data loads, so the page does not jump.
   */
  private listen() {
    const src = this.source;
    if (!src || typeof src.subscribe !== 'function') return;
    this.offSource = src.subscribe((s) => {
      const ds = s.dataset;
      if (s.state !== 'ready' || !ds) {
        if (s.state === 'error' || s.state === 'idle') this.feeds = { events: false, channel: false };
        return;
      }
      const feeds = { events: !!ds.events, channel: ds.fields.has('channel') || ds.customerFields.has('acquisition_channel') };
      if (feeds.events !== this.feeds.events || feeds.channel !== this.feeds.channel) this.feeds = feeds;
    });
  }

  /** Copy source attributes (and map-*) onto the inner source; lang onto the shadow content. */
  private forward() {
    const src = this.renderRoot.querySelector('crm-source');
    if (!src) return;
    for (const a of [...SOURCE_ATTRS, ...Array.from(this.attributes, (x) => x.name).filter((n) => n.startsWith('map-'))]) {
      const v = this.getAttribute(a);
      if (v === null) src.removeAttribute(a);
      else if (src.getAttribute(a) !== v) src.setAttribute(a, v);
    }
    for (const a of Array.from(src.attributes)) if (a.name.startsWith('map-') && !this.hasAttribute(a.name)) src.removeAttribute(a.name);
  }

  protected override render() {
    const lang = resolveLang(this);
    // The page's own tag (e.g. de-DE) goes to the widgets: labels in the nearest catalogue, numbers in that locale.
    const tag = resolveTag(this) || lang;
    const w = { currency: this.currency || nothing, theme: this.theme || nothing, mask: this.maskPii };
    return html`<div part="base" lang=${tag}>
      <div part="header"><h2>${this.heading || translate(MESSAGES, lang, 'title')}</h2></div>
      <crm-source part="source" id="src"></crm-source>
      <crm-filter-chips part="chips" source="src"></crm-filter-chips>
      <crm-kpis part="kpis" source="src" lang=${tag} currency=${w.currency} theme=${w.theme}></crm-kpis>
      <div part="grid">
        <crm-segment-pyramid part="pyramid" source="src" lang=${tag} currency=${w.currency} theme=${w.theme}></crm-segment-pyramid>
        <crm-lifecycle-funnel part="funnel" source="src" lang=${tag} currency=${w.currency} theme=${w.theme}></crm-lifecycle-funnel>
        <crm-pareto-curve
          part="pareto"
          source="src"
          lang=${tag}
          currency=${w.currency}
          theme=${w.theme}
          cost-per-order=${this.costPerOrder || nothing}
          cost-per-unit=${this.costPerUnit || nothing}
        ></crm-pareto-curve>
        <crm-profit-matrix
          part="matrix"
          source="src"
          lang=${tag}
          currency=${w.currency}
          theme=${w.theme}
          cost-per-order=${this.costPerOrder || nothing}
          cost-per-unit=${this.costPerUnit || nothing}
        ></crm-profit-matrix>
      </div>
      ${this.feeds.events ? html`<crm-conversion-funnel part="conversion" source="src" lang=${tag} currency=${w.currency} theme=${w.theme}></crm-conversion-funnel>` : nothing}
      ${this.feeds.channel ? html`<crm-acquisition part="acquisition" source="src" lang=${tag} currency=${w.currency} theme=${w.theme}></crm-acquisition>` : nothing}
      <crm-customer-value part="value" source="src" lang=${tag} currency=${w.currency} theme=${w.theme}></crm-customer-value>
      <crm-tags part="tags" source="src" lang=${tag} currency=${w.currency} theme=${w.theme} ?mask-pii=${w.mask}></crm-tags>
      <div class="people">
        <crm-customer-list
          part="list"
          source="src"
          lang=${tag}
          currency=${w.currency}
          theme=${w.theme}
          ?mask-pii=${w.mask}
          cost-per-order=${this.costPerOrder || nothing}
          cost-per-unit=${this.costPerUnit || nothing}
          @crm-customer-pick=${(e: CustomEvent<CrmCustomerPickDetail>) => (this.customerId = e.detail.customerId)}
        ></crm-customer-list>
        <crm-customer-card part="card" source="src" lang=${tag} currency=${w.currency} theme=${w.theme} ?mask-pii=${w.mask} customer-id=${this.customerId}></crm-customer-card>
      </div>
    </div>`;
  }
}

