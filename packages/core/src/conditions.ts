/**
 * Widget selections as conditions: a click on a tier, a quadrant, a range of
 * ranks or a lifecycle stage written as data — the widget's name, the options
 * that define its grouping and the picked key — so it can be saved, shared in
 * a link and worked out again, by the widget's own analysis, on any data.
 *
 * A descriptor read back (from a link or storage) is untrusted: `checkCondition`
 * checks its shape, and `conditionPredicate` passes its options through the
 * analysis's own settings checks and its key through the analysis's own
 * predicate builder, where values only reach SQL as quoted literals.
 */
import { CrmError, type SegmentProblem } from './errors.js';
import type { Dataset } from './model.js';
import type { LifecycleOptions } from './metrics/lifecycle-funnel.js';
import type { ParetoOptions } from './metrics/pareto-curve.js';
import { QUADRANTS, type ProfitMatrixOptions, type Quadrant } from './metrics/profit-matrix.js';
import type { RfmOptions } from './metrics/rfm.js';
import type { SegmentPyramidOptions } from './metrics/segment-pyramid.js';
import type { SQL } from './sql.js';
// The analyses' predicates as the widgets make them: on a served data set, clauses the server works out.
import { matrixConditionPredicate, paretoRangePredicate, paretoSettings, rfmSegmentPredicate, stagePredicate, tierPredicate } from './remote/runners.js';

/** An option's value in a descriptor: plain data only. */
export type ConditionValue = string | number | boolean | null;

/** A widget's selection as data. */
export interface ConditionDescriptor {
  /** The widget's name without `crm-`, e.g. `segment-pyramid`. */
  widget: string;
  /** The options that define the widget's grouping (attributes' values). */
  options: Record<string, ConditionValue>;
  /** The picked group: a tier, a quadrant, a stage, or a range of ranks. */
  key: string | { from: number; to: number };
}

/** How one widget's condition is worked out: its predicate, rebuilt by the analysis. */
export type ConditionBuilder = (ds: Dataset, options: Record<string, ConditionValue>, key: ConditionDescriptor['key']) => SQL;

const builders = new Map<string, ConditionBuilder>();

/** Register (or replace) the condition builder of a widget. */
export function registerCondition(widget: string, build: ConditionBuilder): void {
  builders.set(widget, build);
}

/** The widgets whose selections can be saved as conditions. */
export function conditionWidgets(): string[] {
  return [...builders.keys()];
}

const MAX_OPTIONS = 24;
const MAX_TEXT = 200;

const refuse = (reason: SegmentProblem, why: string, value = '') =>
  new CrmError('invalid-option', { option: 'segment', value: value.slice(0, 80), reason, why });

/** The options of a widget as plain data (undefined, functions, SQL and objects left out). */
export function plainOptions(o: object): Record<string, ConditionValue> {
  const out: Record<string, ConditionValue> = {};
  for (const [k, v] of Object.entries(o)) {
    if (v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))) out[k] = v;
  }
  return out;
}

/** Check a descriptor read back from a link or storage; throws `invalid-option` (reason in `detail.reason`). */
export function checkCondition(x: unknown): ConditionDescriptor {
  if (!x || typeof x !== 'object' || Array.isArray(x)) throw refuse('bad-condition', 'a condition is not an object');
  const o = x as Record<string, unknown>;
  const widget = typeof o.widget === 'string' ? o.widget : '';
  if (!builders.has(widget)) throw refuse('unknown-widget', `no widget "${widget.slice(0, 40)}" makes conditions (known: ${conditionWidgets().join(', ')})`, widget);
  const opts = o.options ?? {};
  if (typeof opts !== 'object' || opts === null || Array.isArray(opts)) throw refuse('bad-condition', `the options of ${widget} are not an object`);
  const entries = Object.entries(opts as Record<string, unknown>);
  if (entries.length > MAX_OPTIONS) throw refuse('bad-condition', `too many options for ${widget}`);
  const options: Record<string, ConditionValue> = {};
  for (const [k, v] of entries) {
    if (!/^[A-Za-z][A-Za-z0-9]{0,39}$/.test(k)) throw refuse('bad-condition', `option name "${k.slice(0, 40)}" of ${widget} is not a name`, k);
    const ok = v === null || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && v.length <= MAX_TEXT);
    if (!ok) throw refuse('bad-condition', `option ${k} of ${widget} is not a short text, a number or true/false`, String(v));
    options[k] = v as ConditionValue;
  }
  const k = o.key;
  let key: ConditionDescriptor['key'];
  if (typeof k === 'string' && k.length > 0 && k.length <= MAX_TEXT) key = k;
  else if (k && typeof k === 'object' && !Array.isArray(k) && Number.isInteger((k as { from?: unknown }).from) && Number.isInteger((k as { to?: unknown }).to)) {
    key = { from: (k as { from: number }).from, to: (k as { to: number }).to };
  } else throw refuse('bad-condition', `the key of ${widget} is not a group name or a range of ranks`, JSON.stringify(k ?? null) ?? '');
  return { widget, options, key };
}

/** The condition's predicate over the per-customer table of `ds`, worked out by its widget's analysis. */
export function conditionPredicate(ds: Dataset, c: ConditionDescriptor): SQL {
  const build = builders.get(c.widget);
  if (!build) throw refuse('unknown-widget', `no widget "${c.widget.slice(0, 40)}" makes conditions`, c.widget);
  try {
    return build(ds, c.options, c.key);
  } catch (e) {
    if (e instanceof CrmError) throw refuse('bad-condition', `${c.widget}: ${e.message}`, typeof c.key === 'string' ? c.key : `${c.key.from}-${c.key.to}`);
    throw e;
  }
}

const text = (key: ConditionDescriptor['key'], widget: string): string => {
  if (typeof key !== 'string') throw refuse('bad-condition', `the key of ${widget} must be a group name`);
  return key;
};
const opt = <T>(o: Record<string, ConditionValue>) => o as unknown as T;

// Tiers (or RFM segments) of <crm-segment-pyramid>: mode picks the analysis.
registerCondition('segment-pyramid', (ds, o, key) => {
  const mode = o.mode ?? 'tiers';
  if (mode !== 'tiers' && mode !== 'rfm') throw new CrmError('invalid-option', { option: 'mode', value: String(mode), accepts: { kind: 'choice', allowed: ['tiers', 'rfm'] } });
  const { mode: _m, ...rest } = o;
  return mode === 'rfm' ? rfmSegmentPredicate(ds, opt<RfmOptions>(rest), text(key, 'segment-pyramid')) : tierPredicate(ds, opt<SegmentPyramidOptions>(rest), text(key, 'segment-pyramid'));
});

// A quadrant of <crm-profit-matrix>: the splits given as options, the medians of the whole data for the others.
registerCondition('profit-matrix', (ds, o, key) => {
  const q = text(key, 'profit-matrix');
  if (!(QUADRANTS as readonly string[]).includes(q)) throw new CrmError('invalid-option', { option: 'quadrant', value: q, accepts: { kind: 'choice', allowed: [...QUADRANTS] } });
  return matrixConditionPredicate(ds, opt<ProfitMatrixOptions>(o), q as Quadrant);
});

// A range of ranks of <crm-pareto-curve>.
registerCondition('pareto-curve', (ds, o, key) => {
  if (typeof key === 'string') throw new CrmError('invalid-option', { option: 'pareto-curve', value: key, accepts: { kind: 'rank-range' } });
  return paretoRangePredicate(ds, paretoSettings(ds, opt<ParetoOptions>(o)), key.from, key.to);
});

// A stage of <crm-lifecycle-funnel> at its as-of date.
registerCondition('lifecycle-funnel', (ds, o, key) => {
  return stagePredicate(ds, opt<LifecycleOptions>(o), text(key, 'lifecycle-funnel'));
});
