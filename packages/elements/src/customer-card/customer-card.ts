import { html, nothing } from 'lit';
import { timeline } from '@crmkit/charts';
import { CUSTOMER_CARD, isoDate, type CustomerCard, type Dataset, type SQL } from '@crmkit/core';
import { CrmWidget, type OptionProps, type RenderContext } from '../internal/widget.js';
import { textSVG, type SvgBlock } from '../internal/text-svg.js';
import { labelSources } from '../internal/labels.js';
import { registerDefaultLabels } from '../internal/default-labels.js';
import { registerValueLabels, valueScores } from '../customer-value/labels.js';

registerDefaultLabels();
registerValueLabels();
import { tableStyles } from '../internal/table.styles.js';
import { labelName } from '../internal/label-names.js';
import { CARD_MESSAGES } from './customer-card.messages.js';
import { cardStyles } from './customer-card.styles.js';

/**
 * @summary The 360° view of one customer: profile, tier, lifecycle stage, RFM scores, value, purchase timeline, channels, tags.
 *
 * @attr customer-id - the customer to show.
 * @attr mask-pii - mask email, phone, address and birthday (`a***@x.com`, `09xx-xxx-123`); masking happens before values reach the page.
 *
 * @event crm-error - the customer does not exist or the query failed.
 *
 * @csspart card - the content. @csspart timeline - the purchase timeline.
 */
export class CrmCustomerCard extends CrmWidget<CustomerCard | null> {
  static override styles = [...CrmWidget.styles, tableStyles, cardStyles];
  protected messages = CARD_MESSAGES;

  static override analysis = CUSTOMER_CARD;

  /** The labels the page's analyses lend (tier, stage, RFM, predicted value) come with the options. */
  protected override runOptions(ds: Dataset): Record<string, unknown> {
    return { ...this.optionValues(), labels: labelSources(ds) };
  }

  // The card shows one customer whatever the other widgets select.
  protected override async fetch(ds: Dataset, filter: SQL, signal: AbortSignal): Promise<CustomerCard | null> {
    if (!this.customerId) return null;
    // Predicted value (P(alive), expected purchases, CLV) once the models are fitted; none when they cannot be.
    await valueScores(ds);
    return super.fetch(ds, filter, signal);
  }

  protected isEmpty(d: CustomerCard | null): boolean {
    return d === null;
  }

  protected override emptyText(): string {
    return this.t('pick');
  }

  protected title_(): string {
    return this.value ? `${this.t('title')} ${this.value.customer_id}` : this.t('title');
  }

  /** The card's fields as shown (each section's labels and values, masked as on screen, and the tags), as standalone SVG. */
  override toSVG(): string {
    const card = this.renderRoot.querySelector('[part="card"]');
    if (!card) return '';
    const txt = (c: Element | null) => (c?.textContent ?? '').replace(/\s+/g, ' ').trim();
    const blocks: SvgBlock[] = [{ kind: 'text', text: txt(card.querySelector('.id')), size: 15, weight: 600 }];
    for (const sec of Array.from(card.querySelectorAll('.grid > section'))) {
      const dts = Array.from(sec.querySelectorAll('dt'));
      const fields: [string, string][] = dts.length
        ? dts.map((dt) => [txt(dt), txt(dt.nextElementSibling)])
        : [[txt(sec.querySelector('h4')), Array.from(sec.querySelectorAll('.badge')).map(txt).join(' · ')]];
      blocks.push({ kind: 'fields', heading: txt(sec.querySelector('h4')), fields });
    }
    return textSVG(this, this.title_(), blocks);
  }

  protected override exportRows(d: CustomerCard | null): Record<string, unknown>[] {
    if (!d) return [];
    return [
      {
        customer_id: d.customer_id,
        ...d.profile,
        ...d.labels,
        orders: d.orders,
        revenue: d.revenue,
        cost: d.cost,
        profit: d.profit,
        first_order: isoDate(d.first_order),
        last_order: isoDate(d.last_order),
        recency_days: d.recency_days,
        tags: d.tags.join('; '),
      },
    ];
  }

  protected override renderTable(): unknown {
    return nothing;
  }

  protected renderChart(d: CustomerCard | null, ctx: RenderContext): unknown {
    if (!d) return nothing;
    const f = ctx.fmt;
    const row = (key: string, value: unknown) => (value === null || value === undefined || value === '' ? nothing : html`<dt>${this.t(key)}</dt><dd>${value}</dd>`);
    const p = d.profile;
    const l = d.labels;
    const rfm = l.r_score !== undefined ? `R${l.r_score} F${l.f_score} M${l.m_score}` : undefined;
    const monthFmt = new Intl.DateTimeFormat(ctx.lang === 'en' ? 'en-US' : ctx.lang, { year: 'numeric', month: 'short', timeZone: 'UTC' });
    const bars = d.timeline.map((m) => ({
      t: m.month,
      value: m.revenue,
      label: this.t('month', { month: monthFmt.format(new Date(m.month)), orders: f.number(m.orders), revenue: f.money(m.revenue) }),
    }));
    const chartWidth = Math.max(160, Math.min(ctx.width, 720));
    return html`<div part="card">
      <div class="id">${p.name ?? d.customer_id}</div>
      <div class="grid">
        <section>
          <h4>${this.t('profile')}</h4>
          <dl>
            ${row('email', p.email)} ${row('phone', p.phone)} ${row('birthday', typeof p.birthday === 'number' ? f.date(p.birthday) : p.birthday)}
            ${row('address', p.address)} ${row('signup_date', typeof p.signup_date === 'number' ? f.date(p.signup_date) : p.signup_date)}
            ${row('acquisition_channel', p.acquisition_channel)} ${row('acquisition_cost', typeof p.acquisition_cost === 'number' ? f.money(p.acquisition_cost) : undefined)}
          </dl>
        </section>
        <section>
          <h4>${this.t('segments')}</h4>
          <dl>
            ${row('tier', labelName(ctx.lang, 'tier', l.tier))} ${row('stage', labelName(ctx.lang, 'stage', l.stage))}
            ${row('segment', labelName(ctx.lang, 'segment', l.segment))} ${row('rfm', rfm)}
          </dl>
        </section>
        <section>
          <h4>${this.t('value')}</h4>
          <dl>
            ${row('orders', f.number(d.orders))} ${row('revenue', f.money(d.revenue))} ${d.cost !== null ? row('cost', f.money(d.cost)) : nothing}
            ${d.profit !== null ? row('profit', f.money(d.profit)) : nothing} ${row('aov', f.money(d.orders ? d.revenue / d.orders : null))}
            ${row('first_order', f.date(d.first_order))} ${row('last_order', f.date(d.last_order))} ${row('recency', f.number(d.recency_days))}
            ${typeof l.p_alive === 'number' ? html`${row('p_alive', f.percent(l.p_alive, 0))} ${row('expected_purchases', f.number(l.expected_purchases as number, 2))} ${row('clv', f.money(l.clv as number))}` : nothing}
          </dl>
        </section>
        ${d.channels.length
          ? html`<section>
              <h4>${this.t('channels')}</h4>
              <dl>${d.channels.map((c) => html`<dt>${c.channel}</dt><dd>${f.number(c.orders)} · ${f.money(c.revenue)}</dd>`)}</dl>
            </section>`
          : nothing}
        ${d.products.length
          ? html`<section>
              <h4>${this.t('products')}</h4>
              <dl>${d.products.map((c) => html`<dt>${c.product}</dt><dd>${f.number(c.orders)} · ${f.money(c.revenue)}</dd>`)}</dl>
            </section>`
          : nothing}
        ${d.tags.length
          ? html`<section>
              <h4>${this.t('tags')}</h4>
              <div class="tags">${d.tags.map((t) => html`<span class="badge">${t}</span>`)}</div>
            </section>`
          : nothing}
      </div>
      <section part="timeline">
        <h4>${this.t('timeline')}</h4>
        ${timeline(bars, { width: chartWidth, height: 90, title: this.t('timeline'), formatTime: (t) => monthFmt.format(new Date(t)) })}
      </section>
    </div>`;
  }
}

/** The options of the analysis, as typed properties. */
export interface CrmCustomerCard extends OptionProps<typeof CUSTOMER_CARD> {}
