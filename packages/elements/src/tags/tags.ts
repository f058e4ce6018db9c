import { css, html, nothing, type PropertyValues } from 'lit';
import { state } from 'lit/decorators.js';
import {
  TAGS,
  TAG_MODES,
  asCrmError,
  runCampaignExport,
  ruleText,
  toRule,
  type Dataset,
  type Rule,
  type SQL,
  type TagMode,
  type PickedClause,
  type TagOptions,
  type TagRow,
  type TagsResult,
  type UserTag,
  conditionPredicate,
  type ConditionDescriptor,
} from '@crmkit/core';
import { tagsChart, type TagBar } from '@crmkit/charts';
import { CrmWidget, type OptionProps, type RenderContext } from '../internal/widget.js';
import { notesStyles } from '../internal/notes.styles.js';
import { share } from '../internal/share.js';
import { measureFor } from '../internal/measure.js';
import { download } from '../internal/export.js';
import { labelName } from '../internal/label-names.js';
import type { CrmErrorEventDetail } from '../events.js';
import type { CrmExportDetail } from './crm-export.js';
import { TAGS_MESSAGES } from './tags.messages.js';
import { decodeSegment, deleteSegment, saveSegment, savedSegments, segmentLink, type Segment } from './segments.js';

/** What the tag widget's selection carries (its clause's `value`). */
export interface TagSelection {
  tags: string[];
  mode: TagMode;
}

const isSelection = (v: unknown): v is TagSelection => !!v && typeof v === 'object' && Array.isArray((v as TagSelection).tags);

/**
 * @summary Customer tags — built-in behavioural tags, the register's tags and user rules — with their counts, revenue shares, overlap and tiers and stages; click tags to cross-filter, save the selection as a segment, export its customers.
 *
 * @attr mode - or (default: customers with any selected tag) | and (all of them) | not (none of them).
 * @attr rules - user-defined tags as JSON: `[{"name": "vip-lapsed", "rule": "orders >= 5 and days_since_last > 120"}]` (or the JSON form of a rule).
 * @attr loyal-days, loyal-tenure, loyal-max-gap, price-band, price-share, premium-share, min-lines, high-spender-percent, new-days, at-risk-factor - the built-in tags' thresholds (see the README).
 * @attr segment-param - the query parameter a shared segment link uses (default `segment`): on load, the widget applies the segment it names.
 * @attr export-columns - the campaign export's columns, comma-separated (default customer_id,name,email,orders,revenue,last_order).
 * @attr mask-pii - mask names, emails and phones in the campaign export.
 * @attr height, currency, lang, source, theme, no-export - as every widget.
 *
 * @event crm-select - tags were selected or cleared; the clause (basis `condition`) selects their customers and is worked out again on new data.
 * @event crm-export - `CrmExportDetail`: the campaign export's rows, as downloaded.
 * @event crm-error - bad options or rules, a bad segment link, or a failed query.
 *
 * @csspart chart, mark (a tag's bar), tooltip, table, caption, hint, modes, overlap, breakdown, segments, segment-name, segment-button, export-campaign, status.
 * @cssproperty --crm-tag-color - bars of built-in tags. @cssproperty --crm-tag-register - register tags. @cssproperty --crm-tag-rule - rule tags.
 */
export class CrmTags extends CrmWidget<TagsResult> {
  static override styles = [
    ...CrmWidget.styles,
    notesStyles,
    css`
      [part~='modes'] { display: inline-flex; gap: 0.25rem; align-items: center; font-size: 0.85em; }
      [part~='modes'] label { display: inline-flex; gap: 0.2rem; align-items: center; cursor: pointer; }
      .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(15rem, 1fr)); gap: 0.75rem; margin-top: 0.5rem; font-size: 0.85em; }
      .grid table { border-collapse: collapse; width: 100%; }
      .grid th, .grid td { text-align: start; padding: 0.15rem 0.35rem; border-bottom: 1px solid var(--crm-color-border, light-dark(#e5e7eb, #374151)); }
      .grid td.n { text-align: end; font-variant-numeric: tabular-nums; }
      .grid caption { text-align: start; font-weight: 600; padding-bottom: 0.25rem; }
      [part~='segments'] { display: flex; flex-wrap: wrap; gap: 0.4rem; align-items: center; margin-top: 0.6rem; font-size: 0.85em; }
      [part~='segments'] input { font: inherit; padding: 0.15rem 0.35rem; min-width: 8rem; border: 1px solid var(--crm-color-border, light-dark(#d1d5db, #4b5563)); border-radius: 4px; background: transparent; color: inherit; }
      [part~='segments'] button { font: inherit; padding: 0.15rem 0.5rem; border-radius: 4px; border: 1px solid var(--crm-color-border, light-dark(#d1d5db, #4b5563)); background: transparent; color: inherit; cursor: pointer; }
      [part~='segments'] button:focus-visible, [part~='modes'] input:focus-visible { outline: 2px solid var(--crm-color-focus, #111827); outline-offset: 1px; }
    `,
  ];
  protected messages = TAGS_MESSAGES;

  static override analysis = TAGS;

  @state() private saved: Segment[] = [];
  @state() private status = '';
  @state() private segmentName = '';
  /** Rules that came with a restored segment, for rule tags the page does not define. */
  private segmentRules: { name: string; rule: Rule }[] = [];
  private linkChecked = false;

  override connectedCallback(): void {
    super.connectedCallback();
    this.saved = savedSegments();
  }

  /** The user rules: the property, else the `rules` attribute's JSON. */
  private userRules(): UserTag[] {
    if (this.rules) return this.rules;
    if (!this.rulesAttr.trim()) return [];
    let list: unknown;
    try {
      list = JSON.parse(this.rulesAttr);
    } catch {
      // The attribute is one rule in the expression language, or broken JSON: toRule says which part.
      return [{ name: 'rule', rule: this.rulesAttr }];
    }
    return Array.isArray(list) ? (list as UserTag[]) : [list as UserTag];
  }

  /** The tags' options, with the page's rule tags (the property, else the attribute, and a restored segment's). */
  options(): TagOptions {
    const rules = [...this.userRules()];
    for (const r of this.segmentRules) if (!rules.some((u) => u.name === r.name)) rules.push(r);
    return { ...(this.optionValues() as TagOptions), rules };
  }

  protected override runOptions(): Record<string, unknown> {
    return { ...this.options() };
  }

  /** A restored segment's rules are the widget's own state, not an option: a change re-queries too. */
  protected override queryKey(): unknown[] {
    return [...super.queryKey(), this.segmentRules];
  }

  protected isEmpty(d: TagsResult): boolean {
    return d.customers === 0;
  }

  protected title_(): string {
    return this.t('title');
  }

  /** A tag's shown name: built-in tags translated, register and rule tags as written. */
  tagLabel(tag: string): string {
    if (tag.startsWith('register:')) return tag.slice(9);
    if (tag.startsWith('rule:')) return tag.slice(5);
    const k = `tag_${tag}`;
    return k in TAGS_MESSAGES.en ? this.t(k) : tag;
  }

  /** The selected tags and how they combine. */
  get selected(): TagSelection {
    const v = this.ownSelection?.value;
    return isSelection(v) ? v : { tags: [], mode: this.currentMode() };
  }

  private currentMode(): TagMode {
    const m = String(this.mode || 'or').trim().toLowerCase();
    return (TAG_MODES as readonly string[]).includes(m) ? (m as TagMode) : 'or';
  }

  /** Select exactly `tags` combined by `mode` (empty: clear). */
  selectTags(tags: readonly string[], mode: TagMode = this.currentMode()): void {
    const list = [...new Set(tags)];
    const names = () => list.map((t) => this.tagLabel(t)).join(this.t(mode === 'and' ? 'joinAnd' : 'joinOr'));
    const ds = this.snap.dataset;
    if (!ds || list.length === 0) return this.setSelection(null);
    try {
      // The pick runs with the page's rule tags too (`options()`), not only the attributes.
      const c = TAGS.pick!(ds, this.options() as Parameters<NonNullable<typeof TAGS.pick>>[1], { tags: list, mode }, this.filter()) as PickedClause;
      this.setSelection({ predicate: c.predicate, label: this.t(`selection_${mode}`, { tags: names() }), value: { tags: list, mode } satisfies TagSelection, basis: 'condition', kind: c.kind });
    } catch (e) {
      this.reportError(e);
    }
  }

  /** Add or take out one tag of the selection. */
  toggleTag(tag: string): void {
    const cur = this.selected.tags;
    this.selectTags(cur.includes(tag) ? cur.filter((t) => t !== tag) : [...cur, tag], this.currentMode());
  }

  /** A refused segment link: said in the widget, in the page's language, with the reason. */
  private refusedLink(e: unknown): void {
    const err = asCrmError(e);
    const reason = typeof err.detail.reason === 'string' && `segmentRefused_${err.detail.reason}` in TAGS_MESSAGES.en ? err.detail.reason : 'other';
    this.status = this.t('segmentRefused', { why: this.t(`segmentRefused_${reason}`) });
  }

  private reportError(e: unknown): void {
    this.status = '';
    this.emitError(e);
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (changed.has('mode') && this.selected.tags.length) this.selectTags(this.selected.tags, this.currentMode());
    // A shared link's segment is applied once, when the data is in.
    if (!this.linkChecked && this.snap.state === 'ready' && this.snap.dataset && this.src?.model === this.snap.dataset) {
      this.linkChecked = true;
      const text = new URL(location.href).searchParams.get(this.segmentParam || 'segment');
      if (text) {
        try {
          this.applySegment(decodeSegment(text));
        } catch (e) {
          this.reportError(e);
          this.refusedLink(e);
        }
      }
    }
  }

  /** The other widgets' clauses that are conditions (a tier, a quadrant, a stage, a range of ranks as data). */
  private otherConditions(): { condition: ConditionDescriptor; label: string }[] {
    return (this.src?.selection.list() ?? []).flatMap((c) => (c.client !== this.clientId && c.condition ? [{ condition: c.condition, label: c.label }] : []));
  }

  /** The current combined selection as a segment named `name` (undefined when nothing is selected). */
  currentSegment(name: string): Segment | undefined {
    const sel = this.selected;
    const conditions = this.otherConditions();
    if (!sel.tags.length && !conditions.length) return undefined;
    const all = this.options().rules ?? [];
    const rules = sel.tags
      .filter((t) => t.startsWith('rule:'))
      .flatMap((t) => all.filter((u) => u.name === t.slice(5)).map((u) => ({ name: u.name, rule: toRule(u.rule) })));
    const fallback = [...sel.tags.map((t) => this.tagLabel(t)), ...conditions.map((c) => c.label)].join(' + ');
    return { name: name.trim() || fallback, tags: sel.tags, mode: sel.mode, rules, ...(conditions.length ? { conditions } : {}) };
  }

  /** Apply a segment: its tags and mode become this widget's selection, worked out on the data loaded now. */
  applySegment(s: Segment): void {
    this.segmentRules = s.rules;
    // Rules are checked now, so a bad one is reported before anything is selected.
    for (const u of this.options().rules ?? []) toRule(u.rule);
    this.mode = s.mode;
    const src = this.src;
    const ds = this.snap.dataset;
    // Every condition is worked out by its widget's analysis before any is applied: a bad one changes nothing.
    const others = ds && src ? (s.conditions ?? []).map((c) => ({ ...c, predicate: conditionPredicate(ds, c.condition) })) : [];
    this.selectTags(s.tags, s.mode);
    if (src) {
      for (const c of src.selection.list()) if (c.client !== this.clientId && c.condition) src.clearSelection(c.client);
      for (const c of others) {
        void src.select({ client: this.clientFor(c.condition.widget), predicate: c.predicate, label: c.label || c.condition.widget, value: c.condition.key, basis: 'condition', condition: c.condition });
      }
    }
    this.status = this.t('segmentRestored', { name: s.name });
  }

  /** The client id of the page's `<crm-{widget}>` on this source (its clause then shows as its own selection), else one for the segment. */
  private clientFor(widget: string): string {
    for (const el of document.querySelectorAll(`crm-${widget}`)) {
      const w = el as unknown as { clientId?: string; src?: unknown };
      if (w.src === this.src && typeof w.clientId === 'string') return w.clientId;
    }
    return `segment:${widget}`;
  }

  /** Apply a saved segment; one that no longer applies (a condition refused) is reported, not thrown. */
  private restoreSaved(s: Segment): void {
    try {
      this.applySegment(s);
    } catch (e) {
      this.reportError(e);
      this.refusedLink(e);
    }
  }

  private onSave(): void {
    const s = this.currentSegment(this.segmentName);
    if (!s) return;
    this.saved = saveSegment(s);
    this.status = '';
  }

  /** Copy a link to the current selection as a segment; resolves with the link. */
  async copyLink(): Promise<string> {
    const s = this.currentSegment(this.segmentName);
    if (!s) return '';
    const link = segmentLink(s, location.href, this.segmentParam || 'segment');
    try {
      await navigator.clipboard.writeText(link);
      this.status = this.t('linkCopied');
    } catch {
      this.status = link;
    }
    return link;
  }

  /**
   * Every customer of the current selection (all widgets' clauses, this one's
   * included) with the export columns: emits `crm-export` with the rows and
   * downloads them as CSV unless `download` is false.
   */
  async exportCampaign(opts: { download?: boolean } = {}): Promise<CrmExportDetail | undefined> {
    const ds = this.snap.dataset;
    if (!ds || !this.src) return undefined;
    try {
      const columns = this.exportColumnsAttr.trim() ? this.exportColumnsAttr.split(',').map((c) => c.trim()).filter(Boolean) : undefined;
      const r = await runCampaignExport(ds, { filter: this.src.selection.predicate(), columns, maskPii: this.maskPii });
      const detail: CrmExportDetail = { columns: r.columns, rows: r.rows, count: r.rows.length, csv: r.csv, filters: this.src.selection.list().map((c) => c.label) };
      this.emit<CrmExportDetail>('crm-export', detail);
      if (opts.download !== false) download(new Blob(['\uFEFF' + r.csv], { type: 'text/csv;charset=utf-8' }), 'campaign.csv');
      this.status = this.t('exported', { count: this.fmt.number(r.rows.length) });
      return detail;
    } catch (e) {
      this.reportError(e);
      return undefined;
    }
  }

  protected override renderHeaderExtra(): unknown {
    const mode = this.currentMode();
    return html`<div part="modes" role="radiogroup" aria-label=${this.t('mode')}>
      ${TAG_MODES.map(
        (m) => html`<label><input type="radio" name="mode" .checked=${mode === m} @change=${() => (this.mode = m)} />${this.t(`mode_${m}`)}</label>`,
      )}
    </div>`;
  }

  protected override exportRows(d: TagsResult): Record<string, unknown>[] {
    return d.tags.map((r) => ({ tag: this.tagLabel(r.tag), customers: r.customers, customer_share: r.customerShare, revenue: r.revenue, revenue_share: r.revenueShare }));
  }

  protected override exportColumns(): { key: string; label: string }[] {
    return [
      { key: 'tag', label: this.t('colTag') },
      { key: 'customers', label: this.t('colCustomers') },
      { key: 'customer_share', label: this.t('colCustomerShare') },
      { key: 'revenue', label: this.t('colRevenue') },
      { key: 'revenue_share', label: this.t('colRevenueShare') },
    ];
  }

  private bar(r: TagRow, rules: Map<string, Rule>): TagBar {
    const f = this.fmt;
    const name = this.tagLabel(r.tag);
    const kind = r.kind === 'rule' ? this.t('detailKind_rule', { rule: rules.has(r.tag) ? ruleText(rules.get(r.tag)!) : '' }) : this.t(`detailKind_${r.kind}`);
    return {
      key: r.tag,
      label: name,
      customers: r.customers,
      customerShare: r.customerShare,
      kind: r.kind,
      value: this.t('barValue', { count: f.number(r.customers), share: share(f, r.revenueShare) }),
      detail: [name, this.t('detailCustomers', { count: f.number(r.customers), share: share(f, r.customerShare) }), this.t('detailRevenue', { value: f.money(r.revenue), share: share(f, r.revenueShare) }), kind].join('\n'),
    };
  }

  private breakdown(rows: TagsResult['byTier'], column: 'tier' | 'stage', caption: string): unknown {
    if (!rows.length) return nothing;
    const groups = [...new Map([...rows].sort((a, b) => a.level - b.level).map((r) => [r.group, r.level])).keys()];
    const tags = [...new Set(rows.map((r) => r.tag))];
    const n = new Map(rows.map((r) => [`${r.tag}\u0000${r.group}`, r.customers]));
    return html`<table part="breakdown">
      <caption>${caption}</caption>
      <thead><tr><th scope="col">${this.t('colTag')}</th>${groups.map((g) => html`<th scope="col" class="n">${labelName(this.currentLang, column, g)}</th>`)}</tr></thead>
      <tbody>${tags.map((t) => html`<tr><th scope="row">${this.tagLabel(t)}</th>${groups.map((g) => html`<td class="n">${this.fmt.number(n.get(`${t}\u0000${g}`) ?? 0)}</td>`)}</tr>`)}</tbody>
    </table>`;
  }

  protected renderChart(d: TagsResult, ctx: RenderContext): unknown {
    let rules = new Map<string, Rule>();
    try {
      rules = new Map((this.options().rules ?? []).map((u) => [`rule:${u.name}`, toRule(u.rule)]));
    } catch {
      /* a bad rule is reported by fetch */
    }
    const sel = this.selected;
    const svg = tagsChart(
      d.tags.map((r) => this.bar(r, rules)),
      { width: ctx.width, title: this.title_(), selected: sel.tags, onSelect: (b) => this.toggleTag(b.key), measure: measureFor(this) },
    );
    const pairs = d.overlap.slice(0, 8);
    return html`${svg}
      <div class="grid">
        <table part="overlap">
          <caption>${this.t('overlap')}</caption>
          <tbody>
            ${pairs.length
              ? pairs.map((p) => html`<tr><th scope="row">${this.t('overlapPair', { a: this.tagLabel(p.a), b: this.tagLabel(p.b) })}</th><td class="n">${ctx.fmt.number(p.customers)}</td></tr>`)
              : html`<tr><td>${this.t('noOverlap')}</td></tr>`}
          </tbody>
        </table>
        ${this.breakdown(d.byTier, 'tier', this.t('byTier'))} ${this.breakdown(d.byStage, 'stage', this.t('byStage'))}
      </div>
      ${this.renderSegments()}
      ${this.src ? html`<div part="hint">${this.t('hint')}</div>` : nothing}`;
  }

  private renderSegments(): unknown {
    const any = this.selected.tags.length > 0 || this.otherConditions().length > 0;
    return html`<div part="segments" role="group" aria-label=${this.t('segment')}>
      <input part="segment-name" type="text" maxlength="80" .value=${this.segmentName} placeholder=${this.t('segmentName')} aria-label=${this.t('segmentName')} @input=${(e: Event) => (this.segmentName = (e.target as HTMLInputElement).value)} />
      <button type="button" part="segment-button save" ?disabled=${!any} @click=${() => this.onSave()}>${this.t('saveSegment')}</button>
      <button type="button" part="segment-button link" ?disabled=${!any} @click=${() => void this.copyLink()}>${this.t('copyLink')}</button>
      ${this.saved.length
        ? html`<span>${this.t('savedSegments')}:</span>
            ${this.saved.map(
              (s) => html`<span class="saved"><button type="button" part="segment-button restore" aria-label=${`${this.t('restore')}: ${s.name}`} @click=${() => this.restoreSaved(s)}>${s.name}</button><button
                  type="button"
                  part="segment-button delete"
                  aria-label=${`${this.t('remove')}: ${s.name}`}
                  @click=${() => (this.saved = deleteSegment(s.name))}
                >×</button></span>`,
            )}`
        : nothing}
      <button type="button" part="export-campaign" @click=${() => void this.exportCampaign()}>${this.t('exportCampaign')}</button>
      <span part="status" role="status">${this.status}</span>
    </div>`;
  }
}

/** The options of the analysis, as typed properties. */
export interface CrmTags extends OptionProps<typeof TAGS> {}
