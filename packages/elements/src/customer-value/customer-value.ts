import { css, html, nothing, type PropertyValues } from 'lit';
import {
  asCrmError,
  CUSTOMER_VALUE,
  runValidation,
  scoreCustomerValue,
  type CustomerValueOptions,
  type CustomerValueResult,
  type Dataset,
  type SQL,
  type ScoredValue,
} from '@crmkit/core';
import { aliveHistogram, validationChart, valueTiersChart } from '@crmkit/charts';
import { CrmWidget, type OptionProps, type RenderContext } from '../internal/widget.js';
import { MarkFocusKeeper } from '../internal/keep-focus.js';
import { figureListStyles, notesStyles } from '../internal/notes.styles.js';
import { localizedErrorMessage } from '../i18n/errors.js';
import type { CrmErrorEventDetail } from '../events.js';
import { VALUE_MESSAGES } from './customer-value.messages.js';

/**
 * @summary Potential value (潛在價值): what customers are likely to spend, from the BG/NBD and Gamma-Gamma models fitted in the page — value tiers by predicted CLV with how many customers are likely still active, the P(alive) distribution, historical against predicted value, the dozing and half-asleep customers worth winning back, and the holdout check of the model.
 *
 * @attr as-of - scores at this date, exclusive, YYYY-MM-DD (default: the day after the last order).
 * @attr calibration-end - last day of the holdout check's calibration period (default: halfway between the first and last order).
 * @attr unit - `weeks` (default) or `days`: the models' unit of time.
 * @attr days - expected purchases over the next this many days (default 90).
 * @attr months - CLV horizon in months of 30 days (default 12).
 * @attr discount - monthly discount rate of the CLV (default 0.01).
 * @attr height, currency, lang, source, theme, no-export - as every widget.
 *
 * @event crm-select - a tier, a P(alive) bin or the worth-winning-back group was selected (or cleared).
 * @event crm-error - bad options, data that cannot support a fit (code `model-fit`), or a failed query.
 *
 * @csspart chart, mark, tooltip, legend, axis, summary, alive, winback, validation, params, caption, hint, table.
 * @cssproperty --crm-value-historical, --crm-value-predicted - bar colours.
 */
export class CrmCustomerValue extends CrmWidget<CustomerValueResult> {
  static override styles = [
    ...CrmWidget.styles,
    notesStyles,
    figureListStyles,
    css`
      h4 {
        margin: var(--crm-spacing-medium, 0.75rem) 0 0.25rem;
        font-size: 0.92em;
        font-weight: 600;
      }
      [part='winback'] {
        margin-top: var(--crm-spacing-medium, 0.75rem);
        padding: var(--crm-spacing-small, 0.5rem) var(--crm-spacing-medium, 0.75rem);
        border: 1px solid var(--crm-color-border, #e5e7eb);
        border-left: 4px solid var(--crm-stage-dozing, #eab308);
        border-radius: var(--crm-radius, 8px);
      }
      [part='winback'] h4 {
        margin-top: 0;
      }
      [part='winback'] p {
        margin: 0.25rem 0;
        font-size: 0.92em;
      }
      [part='winback'] ol {
        margin: 0.25rem 0;
        padding-left: 1.4em;
        font-size: 0.88em;
        overflow-wrap: anywhere;
      }
      [part='winback-select'] {
        font: inherit;
        font-size: 0.88em;
        padding: 0.2rem 0.6rem;
        border-radius: var(--crm-radius, 8px);
        border: 1px solid var(--crm-color-primary, #2563eb);
        background: transparent;
        color: var(--crm-color-primary, #2563eb);
        cursor: pointer;
      }
      [part='winback-select'][aria-pressed='true'] {
        background: var(--crm-color-primary, #2563eb);
        color: var(--crm-color-surface, #fff);
      }
      [part='params'] {
        margin: var(--crm-spacing-small, 0.5rem) 0 0;
        font-size: 0.8em;
        color: var(--crm-color-muted, #6b7280);
        overflow-wrap: anywhere;
      }
      svg {
        display: block;
        max-width: 100%;
      }
    `,
  ];
  protected messages = VALUE_MESSAGES;
  protected readonly focusKeeper = new MarkFocusKeeper(this);

  static override analysis = CUSTOMER_VALUE;

  /** The scored customers of the latest run (selections are built on it). */
  private scored?: ScoredValue;

  protected override async fetch(ds: Dataset, filter: SQL, signal: AbortSignal): Promise<CustomerValueResult> {
    // One fit per load and option set (cached in core): scoring, the result and the list/card columns share it.
    const scored = await scoreCustomerValue(ds, this.optionValues() as CustomerValueOptions);
    const result = await super.fetch(ds, filter, signal);
    this.scored = scored;
    // The holdout check is another fit (the calibration window): worked out after the rest is drawn.
    this.pendingValidation = this.validateLater(ds, result);
    return result;
  }

  /** The holdout check of a result still being worked out (`updateComplete` waits for it). */
  private pendingValidation?: Promise<void>;

  private async validateLater(ds: Dataset, result: CustomerValueResult): Promise<void> {
    // After the task has handed over the result and it has been drawn.
    await this.task.taskComplete.catch(() => undefined);
    await new Promise((r) => setTimeout(r, 0));
    try {
      result.validation = await runValidation(ds, result.settings);
    } catch (e) {
      result.validationError = asCrmError(e, 'customer-value');
    }
    if (this.value === result) this.requestUpdate();
  }

  /** Resolves when the current query, and its holdout check, have finished and been drawn. */
  override get updateComplete(): Promise<boolean> {
    return super.updateComplete.then(async (r) => {
      const p = this.pendingValidation;
      if (!p || this.value === undefined) return r;
      await p;
      return (await super.updateComplete) && r;
    });
  }

  protected isEmpty(d: CustomerValueResult): boolean {
    return d.customers === 0;
  }

  protected title_(): string {
    return this.t('title');
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    // The validation could not be fitted: the rest is shown, and the page hears why.
    const v = this.value;
    if (v?.validationError && v !== this.reportedFor) {
      this.reportedFor = v;
      this.emitError(v.validationError);
    }
  }
  private reportedFor?: CustomerValueResult;

  /** The selected key: `tier:<tier>`, `alive:<bin 0–9>` or `winback`. */
  get selectedKey(): string | null {
    const v = this.ownSelection?.value;
    return typeof v === 'string' ? v : null;
  }

  /** Select a tier, a P(alive) bin or the worth-winning-back customers; the same again, or null, clears. */
  selectKey(key: string | null): void {
    const scored = this.scored;
    const tier = key ? /^tier:(.+)$/.exec(key) : null;
    const bin = key ? /^alive:(\d)$/.exec(key) : null;
    if (key && !tier && !bin && key !== 'winback') return;
    const label = () => {
      const f = this.fmt;
      if (tier) return this.t('selectionTier', { tier: this.t(`tier_${tier[1]}`) });
      if (bin) return this.t('selectionAlive', { from: f.percent(Number(bin[1]) / 10, 0), to: f.percent((Number(bin[1]) + 1) / 10, 0) });
      return this.t('selectionWinBack');
    };
    this.selectGroup(key && scored ? { key, scored } : null, label, this.selectedKey === key, key);
  }

  protected override exportRows(d: CustomerValueResult): Record<string, unknown>[] {
    return d.tiers.map((t) => ({ tier: this.t(`tier_${t.tier}`), customers: t.customers, likely_alive: t.likelyAlive, historical: t.historical, predicted: t.predicted, expected: t.expected }));
  }

  protected override exportColumns(): { key: string; label: string }[] {
    const cols: [string, string][] = [
      ['tier', 'colTier'],
      ['customers', 'colCustomers'],
      ['likely_alive', 'colAlive'],
      ['historical', 'colHistorical'],
      ['predicted', 'colPredicted'],
      ['expected', 'colExpected'],
    ];
    return cols.map(([key, label]) => ({ key, label: this.t(label) }));
  }

  protected renderChart(d: CustomerValueResult, ctx: RenderContext): unknown {
    const f = ctx.fmt;
    const s = d.settings;
    const n = (v: number, digits = 0) => f.number(v, digits);
    const months = n(s.months);
    const tiers = valueTiersChart(
      d.tiers.map((t) => ({
        key: `tier:${t.tier}`,
        label: this.t(`tier_${t.tier}`),
        figures: this.t('tierFigures', { count: n(t.customers), alive: n(t.likelyAlive) }),
        historical: t.historical,
        predicted: t.predicted,
        detail: this.t('tierDetail', {
          tier: this.t(`tier_${t.tier}`),
          count: n(t.customers),
          alive: n(t.likelyAlive),
          historical: f.money(t.historical),
          predicted: f.money(t.predicted),
          months,
          days: n(s.days),
          expected: n(t.expected, 1),
        }),
      })),
      {
        width: ctx.width,
        height: Math.max(200, ctx.height * 0.75),
        title: this.t('title'),
        selected: this.selectedKey,
        onSelect: (k) => this.selectKey(k),
        format: (v) => f.money(v, true),
        legend: [this.t('historical'), this.t('predicted', { months })],
      },
    );
    const alive = aliveHistogram(
      d.alive.map((b, i) => ({
        key: `alive:${i}`,
        label: f.percent(b.from, 0),
        customers: b.customers,
        detail: this.t('aliveDetail', { from: f.percent(b.from, 0), to: f.percent(b.to, 0), count: n(b.customers) }),
      })),
      { width: ctx.width, height: 150, title: this.t('aliveTitle'), selected: this.selectedKey, onSelect: (k) => this.selectKey(k), format: (v) => n(v) },
    );
    const wb = d.winBack;
    const winSelected = this.selectedKey === 'winback';
    const winback = html`<div part="winback">
      <h4>${this.t('winBackTitle')}</h4>
      <p>${wb.customers ? this.t('winBack', { count: n(wb.customers), clv: f.money(wb.clv) }) : this.t('winBackNone')}</p>
      ${wb.top.length
        ? html`<ol>
            ${wb.top.map(
              (c) =>
                html`<li>${this.t('winBackRow', { id: c.customerId, stage: this.t(`stage_${c.stage}`), alive: f.percent(c.pAlive, 0), aov: f.money(c.aov), clv: f.money(c.clv) })}</li>`,
            )}
          </ol>`
        : nothing}
      ${wb.customers || winSelected
        ? html`<button type="button" part="winback-select" aria-pressed=${winSelected ? 'true' : 'false'} @click=${() => this.selectKey('winback')}>
            ${winSelected ? this.t('winBackSelected') : this.t('winBackSelect')}
          </button>`
        : nothing}
    </div>`;
    let validation: unknown = nothing;
    const v = d.validation;
    if (v) {
      const date = f.date(v.calibrationEnd);
      const chart = validationChart(
        v.groups.map((g, i) => ({
          label: i === v.groups.length - 1 && g.x === 7 ? '7+' : String(g.x),
          actual: g.actual,
          predicted: g.predicted,
          detail: this.t('validationGroup', { group: g.x === 7 ? '7+' : String(g.x), date, count: n(g.customers), actual: n(g.actual, 2), predicted: n(g.predicted, 2) }),
        })),
        { width: ctx.width, height: 200, title: this.t('validationTitle', { calibrationEnd: date, holdoutEnd: f.date(v.holdoutEnd) }), legend: [this.t('actual'), this.t('predictedLine')], axes: [this.t('axisX'), ''], format: (x) => n(x, 1) },
      );
      const diff = v.actualTotal > 0 ? `${v.predictedTotal >= v.actualTotal ? '+' : ''}${f.percent(v.predictedTotal / v.actualTotal - 1)}` : '–';
      validation = html`<div part="validation">
        <h4>${this.t('validationTitle', { calibrationEnd: date, holdoutEnd: f.date(v.holdoutEnd) })}</h4>
        ${chart}
        <p part="summary">${this.t('validationTotal', { actual: n(v.actualTotal), predicted: n(v.predictedTotal), diff })}</p>
      </div>`;
    } else if (d.validationError) {
      validation = html`<p part="validation" class="note">${this.t('validationMissing', { reason: localizedErrorMessage(ctx.lang, d.validationError) })}</p>`;
    } else {
      validation = html`<p part="validation" class="note" aria-busy="true">${this.t('validationPending')}</p>`;
    }
    const b = d.fit.bgnbd;
    const g = d.fit.gammaGamma;
    const p3 = (x: number) => n(x, 3);
    return html`<p part="summary">${this.t('summary', { count: n(d.customers), alive: n(d.likelyAlive), clv: f.money(d.tiers.reduce((a, t) => a + t.predicted, 0)), months })}</p>
      ${tiers}
      <h4>${this.t('aliveTitle')}</h4>
      <div part="alive">${alive}</div>
      ${winback} ${validation}
      <p part="params">
        ${this.t('params', {
          r: p3(b.params.r),
          alpha: p3(b.params.alpha),
          a: p3(b.params.a),
          b: p3(b.params.b),
          ll: n(b.logLikelihood, 1),
          customers: n(b.customers),
          repeat: n(b.repeatCustomers),
          p: p3(g.params.p),
          q: p3(g.params.q),
          gamma: p3(g.params.gamma),
          ggCustomers: n(g.customers),
        })}
      </p>
      <p part="caption">${this.t('caption', { asOf: f.date(s.asOf), unit: this.t(`unit_${s.unit}`), months, discount: f.percent(s.discount, 2) })}</p>
      <div part="hint">${this.t('hint')}</div>`;
  }
}

/** The options of the analysis, as typed properties. */
export interface CrmCustomerValue extends OptionProps<typeof CUSTOMER_VALUE> {}
