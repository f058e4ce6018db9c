/**
 * What a page may ask a crmkit server: an analysis by name, its options, and
 * the selection's clauses as data. No SQL crosses the wire: the server checks
 * the request here and builds every statement with the same core functions
 * the page uses (`run…`, `…Predicate`).
 *
 * Clause vocabulary (what the widgets' clicks mean):
 *
 * | kind | fields | widget |
 * |---|---|---|
 * | `tier` | `options` (segment pyramid's), `tier` (one of its tier names) | pyramid |
 * | `rfm-segment` | `options` (RFM's), `segment` (one of `RFM_SEGMENT_ORDER`) | pyramid, rfm mode |
 * | `pareto-range` | `options` (Pareto's), `from`, `to` (ranks, inclusive), `within` (the clauses the ranks were taken under) | Pareto curve |
 * | `quadrant` | `options` (matrix's), `quadrant`, `splits` ({xSplit, ySplit, profitSplit}; none: the options' or the medians of all customers, a saved condition), `within` | profit matrix |
 * | `stage` | `options` (lifecycle's), `stage`, `at` (optional date) | lifecycle funnel |
 * | `transition` | `options` (lifecycle's), `from`, `to` (a stage, `none`, or null for any) | lifecycle funnel |
 * | `customers` | `ids` (customer ids) | list, card, host code |
 * | `value-group` | `options` (customer value's), `group` (`tier:<top…low>`, `alive:<0–9>` or `winback`) | customer value |
 * | `tags` | `options` (tags'), `tags` (tag names), `mode` (`or`, `and`, `not`) | tags |
 * | `channel` | `channel` (a channel name, or null for the customers with none known) | acquisition |
 *
 * Every value is checked: keywords against their lists, dates and numbers by
 * the options module, names against the analysis's own (a tier must be one of
 * the tiers asked for). Anything else — an unknown option, an object where a
 * value belongs, a string too long — is refused with `invalid-option`.
 */
import { CrmError } from '../errors.js';
import type { Dataset } from '../model.js';
import { and, ident, lit, sql, type SQL } from '../sql.js';
import { andFilters } from '../filter.js';
import { choice, numberOption } from '../options.js';
import { parseTiers, pyramidSettings, runSegmentPyramid, segmentAssignmentQuery, tierPredicate } from '../metrics/segment-pyramid.js';
import { RFM_SEGMENT_ORDER, rfmScoresQuery, rfmSegmentPredicate, rfmSettings, runRfm } from '../metrics/rfm.js';
import { paretoRangePredicate, paretoSettings, runParetoCurve } from '../metrics/pareto-curve.js';
import { QUADRANTS, matrixConditionPredicate, matrixQuadrantPredicate, matrixSettings, runProfitMatrix, type Quadrant } from '../metrics/profit-matrix.js';
import { LIFECYCLE_STAGES, NOT_YET, lifecycleAssignmentQuery, lifecycleSettings, runLifecycleFunnel, stagePredicate, transitionPredicate } from '../metrics/lifecycle-funnel.js';
import { runKpis } from '../metrics/kpis.js';
import { runCustomerList, LIST_SORTS, type LabelSource } from '../metrics/customer-list.js';
import { runCustomerCard } from '../metrics/customer-card.js';
import { dateOption } from '../options.js';
import { VALUE_TIERS, aliveBinPredicate, customerValueSettings, runCustomerValue, runValidation, scoreCustomerValue, valueTierPredicate, winBackPredicate, type CustomerValueOptions, type ScoredValue } from '../metrics/customer-value.js';
import { TAG_MODES, runTags, tagPredicate, tagSettings, type TagMode, type TagOptions } from '../metrics/tags.js';
import { acquisitionChannelPredicate, runAcquisition } from '../metrics/acquisition.js';
import { runCampaignExport } from '../export/campaign.js';

export const ANALYSES = ['describe', 'segment-pyramid', 'rfm', 'pareto-curve', 'profit-matrix', 'lifecycle-funnel', 'kpis', 'customer-list', 'customer-card', 'customer-value', 'customer-value-validation', 'tags', 'acquisition', 'campaign-export'] as const;
export type AnalysisName = (typeof ANALYSES)[number];

export const CLAUSE_KINDS = ['tier', 'rfm-segment', 'pareto-range', 'quadrant', 'stage', 'transition', 'customers', 'value-group', 'tags', 'channel'] as const;
export type ClauseKind = (typeof CLAUSE_KINDS)[number];

/** A plain option value (no objects: an option is never SQL or structure). */
export type OptionValue = string | number | boolean | null;
export type Options = Record<string, OptionValue>;

export type Clause =
  | { kind: 'tier'; options: Options; tier: string }
  | { kind: 'rfm-segment'; options: Options; segment: string }
  | { kind: 'pareto-range'; options: Options; from: number; to: number; within?: Clause[] }
  | { kind: 'quadrant'; options: Options; quadrant: Quadrant; splits?: { xSplit: number; ySplit: number; profitSplit: number }; within?: Clause[] }
  | { kind: 'stage'; options: Options; stage: string; at?: string }
  | { kind: 'transition'; options: Options; from: string | null; to: string | null }
  | { kind: 'customers'; ids: string[] }
  | { kind: 'value-group'; options: Options; group: string }
  | { kind: 'tags'; options: Options; tags: string[]; mode: TagMode }
  | { kind: 'channel'; channel: string | null };

export interface AnalysisRequest {
  dataset: string;
  analysis: AnalysisName;
  options: Options;
  clauses: Clause[];
}

/** Options each analysis takes (attribute-like names as the core options objects spell them). */
export const ANALYSIS_OPTIONS: Record<AnalysisName, readonly string[]> = {
  describe: [],
  'segment-pyramid': ['by', 'tiers', 'tiersBy', 'asOf', 'window'],
  rfm: ['by', 'asOf', 'window'],
  'pareto-curve': ['by', 'cut', 'target', 'points', 'costPerOrder', 'costPerUnit'],
  'profit-matrix': ['x', 'xSplit', 'ySplit', 'profitSplit', 'threshold', 'bins', 'scale', 'costPerOrder', 'costPerUnit'],
  'lifecycle-funnel': ['asOf', 'compareTo', 'newDays', 'activeDays', 'halfAsleepDays', 'dormantDays'],
  kpis: ['days', 'asOf'],
  'customer-list': ['sort', 'dir', 'search', 'page', 'pageSize', 'maskPii', 'labels', 'costPerOrder', 'costPerUnit'],
  'customer-card': ['customerId', 'asOf', 'maskPii', 'labels'],
  'customer-value': ['asOf', 'calibrationEnd', 'unit', 'days', 'months', 'discount'],
  'customer-value-validation': ['asOf', 'calibrationEnd', 'unit'],
  // rules: the user tags as JSON text ([{ name, rule }]); breakdown: also tag × tier and tag × stage.
  acquisition: ['predictedValue'],
  // columns: comma-separated names among CAMPAIGN_COLUMNS.
  'campaign-export': ['columns', 'maskPii'],
  tags: ['loyalDays', 'loyalTenure', 'loyalMaxGap', 'priceBand', 'priceShare', 'premiumShare', 'minLines', 'highSpenderPercent', 'newDays', 'atRiskFactor', 'rules', 'breakdown'],
};

/** Which analysis's options a clause kind carries. */
const CLAUSE_OPTIONS: Record<Exclude<ClauseKind, 'customers' | 'channel'>, AnalysisName> = {
  tier: 'segment-pyramid',
  'rfm-segment': 'rfm',
  'pareto-range': 'pareto-curve',
  quadrant: 'profit-matrix',
  stage: 'lifecycle-funnel',
  transition: 'lifecycle-funnel',
  'value-group': 'customer-value',
  tags: 'tags',
};

export const LIMITS = { text: 256, clauses: 16, depth: 3, ids: 10_000, rules: 16_000, tags: 64 } as const;

function refuse(option: string, value: unknown, why: string): never {
  const shown = typeof value === 'string' ? value.slice(0, 80) : JSON.stringify(value)?.slice(0, 80) ?? String(value);
  throw new CrmError('invalid-option', { option, value: shown, reason: why });
}

function text(v: unknown, name: string, max: number = LIMITS.text): string {
  if (typeof v !== 'string') refuse(name, v, 'expected text');
  if (v.length > max) refuse(name, v, `expected at most ${max} characters`);
  // Control characters never belong in a name, a date or a keyword.
  if (/[\u0000-\u001f\u007f]/.test(v)) refuse(name, v, 'control characters are not allowed');
  return v;
}

function plainObject(v: unknown, name: string): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) refuse(name, v, 'expected an object');
  return v as Record<string, unknown>;
}

/** Check an analysis's options: known names, plain values. Their meaning is checked by the analysis itself. */
export function checkOptions(analysis: AnalysisName, value: unknown, name = 'options'): Options {
  if (value === undefined) return {};
  const o = plainObject(value, name);
  const allowed = ANALYSIS_OPTIONS[analysis];
  const out: Options = {};
  for (const [k, v] of Object.entries(o)) {
    if (!allowed.includes(k)) refuse(`${name}.${k}`, v, allowed.length ? `${analysis} takes ${allowed.join(', ')}` : `${analysis} takes no options`);
    if (v === null || typeof v === 'boolean') out[k] = v;
    else if (typeof v === 'number') {
      if (!Number.isFinite(v)) refuse(`${name}.${k}`, v, 'expected a finite number');
      out[k] = v;
    } else out[k] = text(v, `${name}.${k}`, k === 'rules' ? LIMITS.rules : LIMITS.text);
  }
  return out;
}

function checkClauses(value: unknown, depth: number): Clause[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) refuse('clauses', value, 'expected a list');
  if (value.length > LIMITS.clauses) refuse('clauses', value.length, `at most ${LIMITS.clauses} clauses`);
  if (depth > LIMITS.depth) refuse('clauses', depth, `nested at most ${LIMITS.depth} deep`);
  return value.map((c, i) => checkClause(c, `clauses[${i}]`, depth));
}

function checkClause(value: unknown, name: string, depth: number): Clause {
  const c = plainObject(value, name);
  const kind = choice(c.kind, `${name}.kind`, CLAUSE_KINDS);
  const known = (keys: string[]) => {
    for (const k of Object.keys(c)) if (k !== 'kind' && !keys.includes(k)) refuse(`${name}.${k}`, c[k], `a ${kind} clause has ${keys.join(', ')}`);
  };
  if (kind === 'customers') {
    known(['ids']);
    if (!Array.isArray(c.ids) || c.ids.length === 0) refuse(`${name}.ids`, c.ids, 'expected a list of customer ids');
    if (c.ids.length > LIMITS.ids) refuse(`${name}.ids`, c.ids.length, `at most ${LIMITS.ids} ids`);
    return { kind, ids: c.ids.map((id, i) => text(id, `${name}.ids[${i}]`)) };
  }
  if (kind === 'channel') {
    known(['channel']);
    return { kind, channel: c.channel === null ? null : text(c.channel, `${name}.channel`) };
  }
  const options = checkOptions(CLAUSE_OPTIONS[kind], c.options, `${name}.options`);
  switch (kind) {
    case 'tier':
      known(['options', 'tier']);
      return { kind, options, tier: text(c.tier, `${name}.tier`) };
    case 'rfm-segment':
      known(['options', 'segment']);
      return { kind, options, segment: choice(c.segment, `${name}.segment`, RFM_SEGMENT_ORDER) };
    case 'pareto-range': {
      known(['options', 'from', 'to', 'within']);
      const from = numberOption(c.from, `${name}.from`, { min: 1, integer: true });
      const to = numberOption(c.to, `${name}.to`, { min: from ?? 1, integer: true });
      if (from === undefined || to === undefined) refuse(`${name}.from`, c.from, 'expected ranks from and to');
      return { kind, options, from, to, within: checkClauses(c.within, depth + 1) };
    }
    case 'quadrant': {
      known(['options', 'quadrant', 'splits', 'within']);
      if (c.splits === undefined) return { kind, options, quadrant: choice(c.quadrant, `${name}.quadrant`, QUADRANTS), within: checkClauses(c.within, depth + 1) };
      const s = plainObject(c.splits, `${name}.splits`);
      const num = (k: string) => {
        const n = s[k];
        if (typeof n !== 'number' || !Number.isFinite(n)) refuse(`${name}.splits.${k}`, n, 'expected a number');
        return n;
      };
      for (const k of Object.keys(s)) if (!['xSplit', 'ySplit', 'profitSplit'].includes(k)) refuse(`${name}.splits.${k}`, s[k], 'splits are xSplit, ySplit, profitSplit');
      return {
        kind,
        options,
        quadrant: choice(c.quadrant, `${name}.quadrant`, QUADRANTS),
        splits: { xSplit: num('xSplit'), ySplit: num('ySplit'), profitSplit: num('profitSplit') },
        within: checkClauses(c.within, depth + 1),
      };
    }
    case 'stage':
      known(['options', 'stage', 'at']);
      return { kind, options, stage: choice(c.stage, `${name}.stage`, LIFECYCLE_STAGES), at: c.at === undefined ? undefined : dateOption(text(c.at, `${name}.at`), `${name}.at`) };
    case 'transition': {
      known(['options', 'from', 'to']);
      const side = (v: unknown, k: string) => (v === null || v === undefined ? null : choice(v, `${name}.${k}`, [...LIFECYCLE_STAGES, NOT_YET]));
      return { kind, options, from: side(c.from, 'from'), to: side(c.to, 'to') };
    }
    case 'value-group': {
      known(['options', 'group']);
      const group = text(c.group, `${name}.group`);
      if (!VALUE_GROUP.test(group)) refuse(`${name}.group`, group, `expected tier:${VALUE_TIERS.join('|')}, alive:0 … alive:9 or winback`);
      return { kind, options, group };
    }
    case 'tags': {
      known(['options', 'tags', 'mode']);
      if (!Array.isArray(c.tags) || c.tags.length === 0) refuse(`${name}.tags`, c.tags, 'expected a list of tag names');
      if (c.tags.length > LIMITS.tags) refuse(`${name}.tags`, c.tags.length, `at most ${LIMITS.tags} tags`);
      return { kind, options, tags: c.tags.map((t, i) => text(t, `${name}.tags[${i}]`)), mode: choice(c.mode ?? 'or', `${name}.mode`, TAG_MODES) };
    }
  }
}

/** Check a request body (parsed JSON): throws `invalid-option` naming the first thing wrong. */
export function checkRequest(body: unknown): AnalysisRequest {
  const b = plainObject(body, 'request');
  for (const k of Object.keys(b)) if (!['dataset', 'analysis', 'options', 'clauses'].includes(k)) refuse(k, b[k], 'a request has dataset, analysis, options, clauses');
  const dataset = text(b.dataset, 'dataset');
  const analysis = choice(b.analysis, 'analysis', ANALYSES);
  return { dataset, analysis, options: checkOptions(analysis, b.options), clauses: checkClauses(b.clauses, 0) };
}

const VALUE_GROUP = new RegExp(`^(tier:(${VALUE_TIERS.join('|')})|alive:[0-9]|winback)$`);

/** The customer-value options of a request or clause (the widget's attributes). */
function valueOptions(o: Options): CustomerValueOptions {
  return o as CustomerValueOptions;
}

/** The tags options of a request or clause: `rules` arrives as JSON text and is checked by `tagSettings`. */
function tagOptions(o: Options): TagOptions {
  const { rules, breakdown: _, ...rest } = o;
  if (rules === undefined || rules === null || rules === '') return rest as TagOptions;
  let list: unknown;
  try {
    list = JSON.parse(String(rules));
  } catch {
    refuse('rules', rules, 'expected JSON: a list of { name, rule }');
  }
  if (!Array.isArray(list)) refuse('rules', rules, 'expected JSON: a list of { name, rule }');
  return { ...rest, rules: list } as TagOptions;
}

/** The customers of a value group of `scored` (the widget's keys: `tier:top`, `alive:3`, `winback`). */
function valueGroupPredicate(ds: Dataset, scored: ScoredValue, group: string): SQL {
  if (group === 'winback') return winBackPredicate(ds, scored);
  const [kind, key] = group.split(':');
  if (kind === 'tier') return valueTierPredicate(scored, key as never);
  const i = Number(key);
  return aliveBinPredicate(scored, i / 10, (i + 1) / 10);
}

/**
 * One clause as a predicate, for any clause: a value group is worked out on
 * the fitted model (scored once per load and option set, cache.ts), and a
 * rank range or quadrant taken under such clauses resolves them first.
 */
export async function resolveClause(ds: Dataset, c: Clause): Promise<SQL> {
  if (c.kind === 'value-group') return valueGroupPredicate(ds, await scoreCustomerValue(ds, valueOptions(c.options)), c.group);
  if ((c.kind === 'pareto-range' || c.kind === 'quadrant') && c.within?.some(needsResolving)) {
    const within = andFilters(...(await Promise.all(c.within.map((w) => resolveClause(ds, w)))));
    return clausePredicate(ds, c, within);
  }
  return clausePredicate(ds, c);
}

/** True when `c` (or a clause it was taken under) is a value group: `resolveClause` works it out, `clausePredicate` cannot. */
export function needsResolving(c: Clause): boolean {
  return c.kind === 'value-group' || ((c.kind === 'pareto-range' || c.kind === 'quadrant') && !!c.within?.some(needsResolving));
}

/**
 * One clause as a predicate over the per-customer table, built by the analysis
 * that defines it. A value group needs its model fitted first: use
 * `resolveClause` (`within`: the clauses a rank range or quadrant was taken
 * under, already resolved).
 */
export function clausePredicate(ds: Dataset, c: Clause, within?: SQL): SQL {
  switch (c.kind) {
    case 'value-group':
      throw new CrmError('invalid-option', { option: 'clauses', value: c.kind, reason: 'worked out by resolveClause' });
    case 'tags': {
      const opts = tagOptions(c.options);
      tagSettings(ds, opts);
      return tagPredicate(ds, opts, c.tags, c.mode);
    }
    case 'customers':
      return sql`customer_id IN (SELECT unnest(${lit(c.ids)}))`;
    case 'channel':
      return acquisitionChannelPredicate(ds, c.channel);
    case 'tier': {
      const names = parseTiers(typeof c.options.tiers === 'string' && c.options.tiers.trim() ? c.options.tiers : undefined).map((t) => t.name);
      if (!names.includes(c.tier)) refuse('tier', c.tier, `expected one of ${names.join(', ')}`);
      pyramidSettings(ds, c.options);
      return tierPredicate(ds, c.options, c.tier);
    }
    case 'rfm-segment':
      rfmSettings(ds, c.options);
      return rfmSegmentPredicate(ds, c.options, c.segment);
    case 'pareto-range':
      return paretoRangePredicate(ds, paretoSettings(ds, c.options as never, within ?? filterOf(ds, c.within ?? [])), c.from, c.to);
    case 'quadrant':
      if (!c.splits) return matrixConditionPredicate(ds, matrixSettings(ds, c.options as never, within ?? filterOf(ds, c.within ?? [])), c.quadrant);
      return matrixQuadrantPredicate(ds, matrixSettings(ds, c.options as never, within ?? filterOf(ds, c.within ?? [])), c.quadrant, c.splits);
    case 'stage':
      lifecycleSettings(ds, c.options);
      return stagePredicate(ds, c.options, c.stage, c.at);
    case 'transition':
      lifecycleSettings(ds, c.options);
      return transitionPredicate(ds, c.options, c.from, c.to);
  }
}

/** The AND of the clauses' predicates (TRUE when none). */
export function filterOf(ds: Dataset, clauses: Clause[]): SQL {
  return and(...clauses.map((c) => clausePredicate(ds, c)));
}

/**
 * The per-customer labels the list and the card may ask for (option `labels`:
 * names, comma-separated), each from its analysis with default options — the
 * same queries `<crm-customer-list>` registers in the page.
 */
export const LABELS: Record<string, (ds: Dataset) => LabelSource> = {
  tier: (ds) => ({ column: 'tier', query: sql`SELECT customer_id, tier FROM (${segmentAssignmentQuery(ds)})` }),
  stage: (ds) => ({ column: 'stage', query: sql`SELECT customer_id, stage FROM (${lifecycleAssignmentQuery(ds)})` }),
  segment: (ds) => ({ column: 'segment', query: sql`SELECT customer_id, r AS r_score, f AS f_score, m AS m_score, segment FROM (${rfmScoresQuery(ds)})` }),
};

/**
 * The predicted-value labels (P(alive), expected purchases in the next 90 days, 12-month CLV): the
 * customer-value model's scores with the widget's default options, each the column of the scores it reads.
 */
export const VALUE_LABEL_COLUMNS = { p_alive: 'p_alive', expected_purchases: 'expected', clv: 'clv' } as const;
export type ValueLabel = keyof typeof VALUE_LABEL_COLUMNS;

/** One predicted-value label of `scored` (the page's list and card and the server build it alike). */
export function valueLabel(scored: ScoredValue, label: ValueLabel): LabelSource {
  return { column: label, query: sql`SELECT customer_id, ${ident(VALUE_LABEL_COLUMNS[label])} AS ${ident(label)} FROM (${scored.assignment}) AS v` };
}

/** Every label name a server builds: LABELS' and the predicted value's. */
export const SERVED_LABELS: readonly string[] = [...Object.keys(LABELS), ...Object.keys(VALUE_LABEL_COLUMNS)];

/**
 * The labels asked for, in the order asked. The predicted-value ones need the model fitted (once per
 * data set, cache.ts); when the data cannot support a fit they are left out, as in the page (the
 * customer-value widget says why), and a per-customer table alone (no transactions) has none.
 */
async function labelsOf(ds: Dataset, value: unknown, access: { factsOnly?: boolean }): Promise<LabelSource[]> {
  if (value === undefined || value === null || value === '') return [];
  const names = String(value).split(',').map((n) => n.trim());
  for (const n of names) if (!SERVED_LABELS.includes(n)) refuse('labels', value, `expected names among ${SERVED_LABELS.join(', ')}`);
  let scored: ScoredValue | undefined;
  if (!access.factsOnly && names.some((n) => n in VALUE_LABEL_COLUMNS)) {
    try {
      scored = await scoreCustomerValue(ds, {});
    } catch (e) {
      if (!(e instanceof CrmError) || e.code === 'cancelled') throw e;
    }
  }
  const out: LabelSource[] = [];
  for (const n of names) {
    if (n in LABELS) out.push(LABELS[n](ds));
    else if (scored) out.push(valueLabel(scored, n as ValueLabel));
  }
  return out;
}

/** The campaign export's columns option: names, comma-separated (each checked by `campaignColumns`). */
function columnsOf(value: unknown): string[] | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  return String(value).split(',').map((c) => c.trim()).filter(Boolean);
}

/** What `describe` answers: the data set as the page's `Dataset` describes it. */
export interface DatasetDescription {
  fields: string[];
  customerFields: string[];
  minDate: string;
  maxDate: string;
  asOf: string;
  rows: number;
  customerCount: number;
  /** Only the per-customer table is served (no transactions): analyses that need them are refused. */
  factsOnly: boolean;
}

/**
 * Run a checked request on `ds`. `pii: false` masks personal data in the
 * result (the list's and the card's profile fields), whatever was asked.
 */
export async function runAnalysis(
  ds: Dataset,
  req: Pick<AnalysisRequest, 'analysis' | 'options' | 'clauses'>,
  access: { pii: boolean; factsOnly?: boolean },
  /**
   * How a clause becomes a predicate (default `clausePredicate`). A server may
   * work each clause out once into a table of the per-customer rows it selects
   * and answer with a `Filter` carrying that table (`toFilter([{ predicate, table }])`),
   * as the page's coordinator does.
   */
  resolve: (c: Clause) => SQL | Promise<SQL> = (c) => resolveClause(ds, c),
): Promise<unknown> {
  const o = req.options as Record<string, never>;
  // Clauses a server worked out into tables come back as filters carrying those tables (see `Filter`).
  const filter = andFilters(...(await Promise.all(req.clauses.map(resolve))));
  switch (req.analysis) {
    case 'describe':
      return {
        fields: [...ds.fields],
        customerFields: [...ds.customerFields],
        minDate: ds.minDate,
        maxDate: ds.maxDate,
        asOf: ds.asOf,
        rows: ds.rows,
        customerCount: ds.customerCount,
        factsOnly: !!access.factsOnly,
      } satisfies DatasetDescription;
    case 'segment-pyramid':
      return runSegmentPyramid(ds, o, filter);
    case 'rfm':
      return runRfm(ds, o, filter);
    case 'pareto-curve':
      return runParetoCurve(ds, o, filter);
    case 'profit-matrix':
      return runProfitMatrix(ds, o, filter);
    case 'lifecycle-funnel':
      return runLifecycleFunnel(ds, o, filter);
    case 'kpis':
      return runKpis(ds, o, filter);
    case 'customer-list': {
      if (o.sort !== undefined) choice(o.sort, 'sort', LIST_SORTS);
      return runCustomerList(ds, { ...o, labels: await labelsOf(ds, o.labels, access), maskPii: !access.pii || o.maskPii === true }, filter);
    }
    case 'customer-card': {
      const id = o.customerId as unknown;
      if (typeof id !== 'string') refuse('customerId', id, 'expected a customer id');
      return runCustomerCard(ds, id, { asOf: dateOption(o.asOf, 'as-of'), labels: await labelsOf(ds, o.labels, access), maskPii: !access.pii || o.maskPii === true });
    }
    case 'customer-value': {
      // The holdout check is asked for on its own (customer-value-validation), as the widget draws it after the rest.
      const { validation: _, validationError: __, ...rest } = await runCustomerValue(ds, valueOptions(o), filter, { validation: false });
      return rest;
    }
    case 'customer-value-validation':
      return runValidation(ds, customerValueSettings(ds, valueOptions(o)));
    case 'tags': {
      const groups = o.breakdown === true ? { tiers: segmentAssignmentQuery(ds), stages: lifecycleAssignmentQuery(ds) } : undefined;
      return runTags(ds, tagOptions(o), filter, groups);
    }
    case 'acquisition': {
      const predictedValue = o.predictedValue as unknown;
      if (predictedValue !== undefined && predictedValue !== null && typeof predictedValue !== 'boolean') refuse('predictedValue', predictedValue, 'expected true or false');
      const { clvError, ...rest } = await runAcquisition(ds, { predictedValue: predictedValue === true }, filter);
      // Why the predicted value could not be worked out travels as its code and facts (remote/runners.ts makes the error again).
      return clvError ? { ...rest, clvError: { code: clvError.code, message: clvError.message, detail: JSON.stringify(clvError.detail) } } : rest;
    }
    case 'campaign-export': {
      const maskPii = o.maskPii as unknown;
      if (maskPii !== undefined && maskPii !== null && typeof maskPii !== 'boolean') refuse('maskPii', maskPii, 'expected true or false');
      return runCampaignExport(ds, { filter, columns: columnsOf(o.columns), maskPii: !access.pii || maskPii === true });
    }
  }
}
