/**
 * An analysis described once: its options (attribute, check, default, and
 * whether a change re-queries or only redraws), how it runs (one signature for
 * every analysis), how a picked group becomes a selection clause, and the
 * per-customer labels it lends to the customer list. The widget base class
 * (`@crmkit/elements`) derives its reactive properties, query key, the reset
 * of its own selection and its select handling from this description.
 */
import type { ConditionDescriptor } from './conditions.js';
import type { Dataset } from './model.js';
import type { LabelSource } from './metrics/customer-list.js';
import type { ClauseKind } from './selection.js';
import type { SQL } from './sql.js';

/** What a change of an option does: run the query again, or only draw the result again. */
export type OptionEffect = 'query' | 'draw';

/** How an attribute's text becomes the property's value (as Lit converts it). */
export type OptionKind = 'string' | 'number' | 'boolean' | 'numberish';

/** One option of an analysis. */
export interface OptionSpec<T = unknown> {
  /** The attribute's name; default: the property's name in kebab-case; `false`: a property only. */
  attribute?: string | false;
  /** The property's value before anyone sets it (the analysis reads an empty value as its own default). */
  default: T;
  /** `query`: a change runs the analysis again (and clears the widget's own selection); `draw`: it only redraws. */
  effect: OptionEffect;
  /** How the attribute's text is read: text (default), a number, a boolean attribute, or a number when it reads as one. */
  kind?: OptionKind;
  /** Reflect the property to its attribute. */
  reflect?: boolean;
  /**
   * Check the value with the checkers of `options.ts` (`choice`, `dateOption`, `daysOption`,
   * `numberOption`): throws one CrmError `invalid-option` naming the attribute, the value and
   * what it accepts. Checked before every run (query options) or every draw (draw options).
   */
  check?: (value: unknown) => unknown;
  /** A change clears the widget's own selection; default: true for `query` options. */
  resets?: boolean;
}

/** Declare one option (the type argument is the property's type). */
export function option<T>(spec: OptionSpec<T>): OptionSpec<T> {
  return spec;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type OptionSpecs = Record<string, OptionSpec<any>>;

/** The options' values, keyed by property name. */
export type OptionValues<S extends OptionSpecs> = { -readonly [K in keyof S]: S[K] extends OptionSpec<infer T> ? T : never };

/**
 * What a picked group (a tier, a segment, a stage, a rank range, a quadrant, a set of tags) becomes:
 * the predicate over the per-customer table that selects its customers, what kind of group it is,
 * and, when it means the same on any data, the condition that rebuilds it there.
 */
export interface PickedClause {
  predicate: SQL;
  /** `tier`, `rfm-segment`, `stage`, `rank-range`, `quadrant`, `tag`, `value-group`, `funnel-step`, … */
  kind: ClauseKind;
  condition?: ConditionDescriptor;
}

/**
 * An analysis: options `S`, result `R`, a picked group `K`, and `C` what the page gives a run besides the
 * options (e.g. the labels the list joins, the load's duplicate counts): never an attribute.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Analysis<S extends OptionSpecs = OptionSpecs, R = unknown, K = never, C = {}> {
  /** The widget's name without `crm-`, e.g. `segment-pyramid` (also the condition's `widget`). */
  name: string;
  options: S;
  /** Run the analysis over the customers the filter (a predicate over the per-customer table) keeps. */
  run(ds: Dataset, options: Partial<OptionValues<S>> & C, filter: SQL, signal?: AbortSignal): Promise<R>;
  /** A picked group as a clause; `filter` is what the widget showed when it was picked. */
  pick?(ds: Dataset, options: Partial<OptionValues<S>>, key: K, filter: SQL): PickedClause | Promise<PickedClause>;
  /** Per-customer labels this analysis lends to the customer list and card (default options), one a column. */
  labels?: readonly ((ds: Dataset) => LabelSource)[];
}

/** Describe an analysis (checks nothing: a typed identity that keeps the options' types). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export function analysis<S extends OptionSpecs, R, K = never, C = {}>(a: Analysis<S, R, K, C>): Analysis<S, R, K, C> {
  return a;
}

/** An option's attribute name (kebab-case of the property's name unless the spec names one), or `false`. */
export function attributeOf(property: string, spec: OptionSpec): string | false {
  if (spec.attribute !== undefined) return spec.attribute;
  return property.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** Whether a change of this option clears the widget's own selection. */
export function optionResets(spec: OptionSpec): boolean {
  return spec.resets ?? spec.effect === 'query';
}

/** Check the options of one effect (or all): each checker throws `invalid-option` with its detail. */
export function checkAnalysisOptions<S extends OptionSpecs>(specs: S, values: Partial<OptionValues<S>>, effect?: OptionEffect): void {
  for (const [name, spec] of Object.entries(specs)) {
    if (spec.check && (!effect || spec.effect === effect)) spec.check((values as Record<string, unknown>)[name]);
  }
}

/** The properties of the options of one effect, in their declared order. */
export function optionNames(specs: OptionSpecs, effect?: OptionEffect): string[] {
  return Object.entries(specs)
    .filter(([, s]) => !effect || s.effect === effect)
    .map(([k]) => k);
}
