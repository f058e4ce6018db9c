import { css, html, nothing } from 'lit';
import { CONVERSION_FUNNEL, type ConversionFunnelResult, type FunnelStep } from '@crmkit/core';
import { conversionFunnelChart, type ConversionStep } from '@crmkit/charts';
import { CrmWidget, type OptionProps, type RenderContext } from '../internal/widget.js';
import { MarkFocusKeeper } from '../internal/keep-focus.js';
import { notesStyles } from '../internal/notes.styles.js';
import { tableStyles } from '../internal/table.styles.js';
import { share } from '../internal/share.js';
import { measureFor } from '../internal/measure.js';
import { CONVERSION_FUNNEL_MESSAGES } from './conversion-funnel.messages.js';

/**
 * @summary Conversion funnel over the events `<crm-source events="…">` loaded: people per step, conversion, drop-off, median time between steps, and a breakdown by channel or campaign.
 *
 * @attr steps - event names in order, e.g. `visit,add_to_cart,purchase` (2–10). A step named `purchase` comes from the transactions when the events have none.
 * @attr window - conversion window from step 1: `30m`, `24h`, `7d`, `2w` or a number of days (default 14d).
 * @attr order - `sequential` (default: in order, other events allowed between), `strict` (each step the very next event) or `any`.
 * @attr breakdown - `channel` or `campaign`: a table of the steps per value (the value of the counted attempt's step-1 event).
 * @attr purchases - `auto` (default), `events` or `transactions`: where a `purchase` step comes from.
 * @attr height, currency, lang, source, theme, no-export - as every widget.
 *
 * @event crm-select - a step's converted or dropped-off people were selected (or cleared); the clause selects those who are customers.
 * @event crm-error - bad options (with the attribute's name) or a failed query.
 *
 * @csspart chart, mark (a step's bar or drop-off band), tooltip, caption, hint, breakdown (the breakdown table), table.
 * @cssproperty --crm-funnel-dropped - colour of the drop-off bands.
 */
export class CrmConversionFunnel extends CrmWidget<ConversionFunnelResult> {
  static override styles = [
    ...CrmWidget.styles,
    notesStyles,
    tableStyles,
    css`
      [part='breakdown'] {
        margin-top: var(--crm-spacing-small, 0.5rem);
        overflow-x: auto;
      }
    `,
  ];
  protected messages = CONVERSION_FUNNEL_MESSAGES;
  protected readonly focusKeeper = new MarkFocusKeeper(this);

  static override analysis = CONVERSION_FUNNEL;

  protected isEmpty(d: ConversionFunnelResult): boolean {
    return d.noEvents || d.steps[0].people === 0;
  }

  protected override emptyText(): string {
    return this.value?.noEvents ? this.t('noEvents') : super.emptyText();
  }

  protected title_(): string {
    return this.t('title');
  }

  /** A duration in the largest whole-ish unit. */
  duration(seconds: number | null): string {
    if (seconds === null) return '–';
    const f = this.fmt;
    if (seconds < 60) return this.t('seconds', { n: f.number(seconds) });
    if (seconds < 3600) return this.t('minutes', { n: f.number(seconds / 60, 1) });
    if (seconds < 86_400) return this.t('hours', { n: f.number(seconds / 3600, 1) });
    return this.t('days', { n: f.number(seconds / 86_400, 1) });
  }

  /** `converted:<k>` or `dropped:<k>`, when selected. */
  get selectedKey(): string | null {
    const v = this.ownSelection?.value;
    return typeof v === 'string' ? v : null;
  }

  /** Select the customers who reached step k (`converted:k`) or dropped off before it (`dropped:k`); the same again, or null, clears. */
  async selectKey(key: string | null): Promise<void> {
    const d = this.value;
    const m = key ? /^(converted|dropped):(\d+)$/.exec(key) : null;
    const label = () => this.t(m![1] === 'converted' ? 'selectionConverted' : 'selectionDropped', { name: d!.settings.steps[Number(m![2]) - 1] });
    await this.selectGroup(m && d ? key : null, label, this.selectedKey === key);
  }

  protected override exportRows(d: ConversionFunnelResult): Record<string, unknown>[] {
    const row = (group: string | null, s: FunnelStep) => ({
      ...(d.settings.breakdown !== 'none' ? { group: group ?? '' } : {}),
      step: s.name,
      people: s.people,
      conversion: s.conversion,
      step_conversion: s.stepConversion,
      drop_off: s.dropOff,
      median_seconds: s.medianSeconds,
    });
    return [...d.steps.map((s) => row(null, s)), ...d.groups.flatMap((g) => g.steps.map((s) => row(g.value ?? this.t('none'), s)))];
  }

  protected override exportColumns(rows: Record<string, unknown>[]): { key: string; label: string }[] {
    const cols: [string, string][] = [['step', 'colStep'], ['people', 'colPeople'], ['conversion', 'colConversion'], ['step_conversion', 'colStepConversion'], ['drop_off', 'colDropOff'], ['median_seconds', 'colMedian']];
    if (rows.length && 'group' in rows[0]) cols.unshift(['group', 'colGroup']);
    return cols.map(([key, label]) => ({ key, label: this.t(label) }));
  }

  protected renderChart(d: ConversionFunnelResult, ctx: RenderContext): unknown {
    const f = ctx.fmt;
    const first = d.steps[0].people;
    const steps: ConversionStep[] = d.steps.map((s, i) => {
      const prev = i ? d.steps[i - 1].people : s.people;
      const people = f.number(s.people);
      const conversion = share(f, s.conversion);
      return {
        step: s.step,
        label: s.name,
        people: s.people,
        previous: prev,
        first,
        figures: i ? this.t('figuresTime', { people, conversion, time: this.duration(s.medianSeconds) }) : this.t('figures', { people, conversion }),
        detail: [
          this.t('detail', { step: s.step, name: s.name }),
          this.t('detailPeople', { people, conversion }),
          ...(i ? [this.t('detailStep', { share: share(f, s.stepConversion) }), this.t('detailTime', { time: this.duration(s.medianSeconds) })] : []),
        ].join('\n'),
        dropDetail: i ? this.t('dropDetail', { people: f.number(s.dropOff), name: s.name, share: share(f, prev ? s.dropOff / prev : null) }) : undefined,
      };
    });
    const svg = conversionFunnelChart(steps, {
      width: ctx.width,
      height: ctx.height,
      title: this.title_(),
      measure: measureFor(this),
      selected: this.selectedKey,
      onSelect: (k) => void this.selectKey(k),
    });
    const order = this.t(`order_${d.settings.order}`);
    return html`${svg}${this.renderBreakdown(d)}
      <p part="caption">${this.t('caption', { order, window: this.duration(d.settings.windowSeconds) })}${d.purchasesFromTransactions ? ' ' + this.t('captionPurchases') : ''}</p>
      <div part="hint">${this.t('hint')}</div>`;
  }

  private renderBreakdown(d: ConversionFunnelResult): unknown {
    if (d.settings.breakdown === 'none' || !d.groups.length) return nothing;
    const f = this.fmt;
    return html`<div part="breakdown"><table>
      <thead><tr><th scope="col">${this.t(`breakdown_${d.settings.breakdown}`)}</th>${d.settings.steps.map((s) => html`<th scope="col">${s}</th>`)}</tr></thead>
      <tbody>${d.groups.map(
        (g) => html`<tr><th scope="row">${g.value ?? this.t('none')}</th>${g.steps.map((s, i) => html`<td>${f.number(s.people)}${i ? html` <small>(${share(f, s.conversion)})</small>` : nothing}</td>`)}</tr>`,
      )}</tbody>
    </table></div>`;
  }
}

/** The options of the analysis, as typed properties. */
export interface CrmConversionFunnel extends OptionProps<typeof CONVERSION_FUNNEL> {}
