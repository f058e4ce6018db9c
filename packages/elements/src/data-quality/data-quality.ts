import { css, html } from 'lit';
import { DATA_QUALITY, type DataQuality, type Dataset, type QualityLine } from '@crmkit/core';
import { CrmWidget, type OptionProps, type RenderContext } from '../internal/widget.js';
import { DATA_QUALITY_MESSAGES } from './data-quality.messages.js';

let tables = 0;

/**
 * @summary The "garbage in, garbage out" report: completeness of the customer register, malformed
 * emails and phones, impossible birthdays, future orders, duplicates within and across files,
 * purchases by customers not in the register, register customers with no purchase, outliers,
 * per-channel coverage, and one score with its definition. Each line's button selects its customers
 * in the other widgets (the customer list shows who they are, masked with `mask-pii` there).
 * The report covers the whole data set: other widgets' selections do not narrow it.
 *
 * @attr today - orders after this date count as future (YYYY-MM-DD; default today). Birthdays after it are impossible.
 * @attr phone-region - TW (default) | CN: country of phone numbers written without a country code.
 * @attr lang, source, theme, heading-level - as every widget.
 *
 * @csspart score - the score line. @csspart definition - its definition. @csspart checks - the checks' table.
 * @csspart check - one row (`data-check` holds its key). @csspart drill - a line's button. @csspart channels - the channels' table.
 */
export class CrmDataQuality extends CrmWidget<DataQuality> {
  static override styles = [
    ...CrmWidget.styles,
    css`
      table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
      th, td { text-align: start; padding: 0.25rem 0.5rem; border-bottom: 1px solid var(--crm-color-border, #e5e7eb); }
      td.n { text-align: end; }
      tr.bad td:first-child { color: var(--crm-color-negative, #b91c1c); }
      [part~='score'] { font-size: 1.25em; font-weight: 600; margin: 0; }
      [part~='definition'] { color: var(--crm-color-muted, #6b7280); margin: 0 0 0.5rem; }
      button[aria-pressed='true'] { font-weight: 600; }
    `,
  ];
  protected messages = DATA_QUALITY_MESSAGES;

  static override analysis = DATA_QUALITY;

  private readonly idsTable = `dq_${++tables}`;

  /** The load's duplicate counts and the table for each check's customers come with the options. */
  protected override runOptions(ds: Dataset): Record<string, unknown> {
    const load = this.src?.lastLoad as { duplicates?: number; overlaps?: { rows: number }[] } | undefined;
    return {
      ...this.optionValues(),
      duplicates: load?.duplicates,
      acrossFiles: load?.overlaps ? load.overlaps.reduce((n, o) => n + o.rows, 0) : undefined,
      idsTable: `${ds.id}${this.idsTable}`,
    };
  }

  protected isEmpty(d: DataQuality): boolean {
    return d.transactions === 0;
  }

  protected title_(): string {
    return this.t('title');
  }

  /** A check's name in the page's language. */
  label(key: string): string {
    if (key.startsWith('completeness:')) {
      const f = key.slice('completeness:'.length);
      const field = (DATA_QUALITY_MESSAGES.en as Record<string, string>)[`field_${f}`] ? this.t(`field_${f}`) : f;
      return this.t('completeness', { field });
    }
    return this.t(key);
  }

  private drill(l: QualityLine) {
    const ds = this.snap.dataset;
    this.selectGroup(ds ? { key: l.key, idsTable: `${ds.id}${this.idsTable}` } : null, () => this.t('selection', { check: this.label(l.key) }), this.ownSelection?.value === l.key, l.key);
  }

  protected override exportRows(d: DataQuality): Record<string, unknown>[] {
    return d.lines.map((l) => ({ check: this.label(l.key), found: l.count, checked: l.of, customers: l.customers }));
  }

  protected renderChart(d: DataQuality, _ctx: RenderContext): unknown {
    const f = this.fmt;
    const picked = this.ownSelection?.value as string | undefined;
    return html`<p part="score" data-score=${d.score.toFixed(1)}>${this.t('score', { score: f.number(Math.round(d.score * 10) / 10) })}</p>
      <p part="definition">${this.t('scoreDefinition')}</p>
      <table part="checks">
        <thead><tr><th scope="col">${this.t('check')}</th><th scope="col">${this.t('found')}</th><th scope="col">${this.t('checked')}</th><th scope="col">${this.t('customers')}</th><th></th></tr></thead>
        <tbody>
          ${d.lines.map(
            (l) => html`<tr part="check" data-check=${l.key} class=${l.count ? 'bad' : ''}>
              <td>${this.label(l.key)}</td>
              <td class="n">${f.number(l.count)}</td>
              <td class="n">${f.number(l.of)}</td>
              <td class="n">${l.drill ? f.number(l.customers) : ''}</td>
              <td>${l.drill && l.customers > 0
                ? html`<button type="button" part="drill" aria-pressed=${picked === l.key ? 'true' : 'false'} @click=${() => this.drill(l)}>${this.t('show')}</button>`
                : l.key === 'no-purchase' && l.count
                  ? this.t('notInList')
                  : ''}</td>
            </tr>`,
          )}
        </tbody>
      </table>
      ${d.channels.length
        ? html`<table part="channels">
            <caption>${this.t('channels')}</caption>
            <thead><tr><th scope="col">${this.t('channel')}</th><th scope="col">${this.t('rows')}</th><th scope="col">${this.t('customers')}</th><th scope="col">${this.t('inRegister')}</th></tr></thead>
            <tbody>
              ${d.channels.map((c) => html`<tr data-channel=${c.channel}><td>${c.channel}</td><td class="n">${f.number(c.rows)}</td><td class="n">${f.number(c.customers)}</td><td class="n">${f.number(c.inRegister)}</td></tr>`)}
            </tbody>
          </table>`
        : ''}`;
  }
}

/** The options of the analysis, as typed properties. */
export interface CrmDataQuality extends OptionProps<typeof DATA_QUALITY> {}
