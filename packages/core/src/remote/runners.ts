/**
 * The analyses as the widgets call them, served by a crmkit server when the
 * data set is remote (`openRemoteDataset`) and run in the page otherwise.
 *
 * Each function has the signature of the core one it stands for: a runner
 * sends the analysis's name, its plain options and the clauses its filter
 * stands for; a predicate builder returns a marker for its clause (see
 * engines/remote.ts). On a data set in the page they are the core functions
 * themselves.
 */
import type { Dataset } from '../model.js';
import type { SQL } from '../sql.js';
import { isRemote, plainOptions, remoteClause, remoteClauses, runRemote } from '../engines/remote.js';
import { ANALYSIS_OPTIONS, SERVED_LABELS, type AnalysisName, type Options } from './protocol.js';
import * as pyramid from '../metrics/segment-pyramid.js';
import * as rfm from '../metrics/rfm.js';
import * as pareto from '../metrics/pareto-curve.js';
import * as matrix from '../metrics/profit-matrix.js';
import * as lifecycle from '../metrics/lifecycle-funnel.js';
import * as kpis from '../metrics/kpis.js';
import * as list from '../metrics/customer-list.js';
import * as card from '../metrics/customer-card.js';
import * as value from '../metrics/customer-value.js';
import * as tags from '../metrics/tags.js';
import * as acquisition from '../metrics/acquisition.js';
import * as campaign from '../export/campaign.js';
import { CrmError } from '../errors.js';
import { raw } from '../sql.js';

/** The options an analysis takes, as plain values. */
function optionsFor(analysis: AnalysisName, o: object | undefined): Options {
  const all = plainOptions(o ?? {});
  const allowed = ANALYSIS_OPTIONS[analysis];
  return Object.fromEntries(Object.entries(all).filter(([k]) => allowed.includes(k)));
}

/** Settings objects made for a remote data set remember the options they came from. */
const settingsOptions = new WeakMap<object, { options: object; filter?: SQL }>();

export function runSegmentPyramid(ds: Dataset, opts: pyramid.SegmentPyramidOptions = {}, filter?: SQL): Promise<pyramid.SegmentPyramidResult> {
  if (!isRemote(ds)) return pyramid.runSegmentPyramid(ds, opts, filter);
  return runRemote(ds, 'segment-pyramid', optionsFor('segment-pyramid', opts), remoteClauses(filter));
}

export function tierPredicate(ds: Dataset, opts: pyramid.SegmentPyramidOptions, tier: string): SQL {
  if (!isRemote(ds)) return pyramid.tierPredicate(ds, opts, tier);
  pyramid.pyramidSettings(ds, opts);
  return remoteClause({ kind: 'tier', options: optionsFor('segment-pyramid', opts), tier });
}

export function runRfm(ds: Dataset, opts: rfm.RfmOptions = {}, filter?: SQL): Promise<rfm.RfmResult> {
  if (!isRemote(ds)) return rfm.runRfm(ds, opts, filter);
  return runRemote(ds, 'rfm', optionsFor('rfm', opts), remoteClauses(filter));
}

export function rfmSegmentPredicate(ds: Dataset, opts: rfm.RfmOptions, segment: string): SQL {
  if (!isRemote(ds)) return rfm.rfmSegmentPredicate(ds, opts, segment);
  rfm.rfmSettings(ds, opts);
  return remoteClause({ kind: 'rfm-segment', options: optionsFor('rfm', opts), segment });
}

export function paretoSettings(ds: Pick<Dataset, 'fields' | 'engine'>, opts: pareto.ParetoOptions = {}, filter?: SQL): pareto.ParetoSettings {
  const s = pareto.paretoSettings(ds, opts, filter);
  if (isRemote(ds)) settingsOptions.set(s, { options: opts, filter });
  return s;
}

export function runParetoCurve(ds: Dataset, opts: pareto.ParetoOptions = {}, filter?: SQL): Promise<pareto.ParetoCurve | null> {
  if (!isRemote(ds)) return pareto.runParetoCurve(ds, opts, filter);
  return runRemote(ds, 'pareto-curve', optionsFor('pareto-curve', opts), remoteClauses(filter));
}

export function paretoRangePredicate(ds: Dataset, s: pareto.ParetoSettings, from: number, to: number): SQL {
  if (!isRemote(ds)) return pareto.paretoRangePredicate(ds, s, from, to);
  const o = settingsOptions.get(s) ?? { options: { by: s.by } };
  return remoteClause({ kind: 'pareto-range', options: optionsFor('pareto-curve', o.options), from, to, within: remoteClauses(o.filter) });
}

export function matrixSettings(ds: Pick<Dataset, 'fields' | 'engine'>, opts: matrix.ProfitMatrixOptions = {}, filter?: SQL): matrix.MatrixSettings {
  const s = matrix.matrixSettings(ds, opts, filter);
  if (isRemote(ds)) settingsOptions.set(s, { options: opts, filter });
  return s;
}

export function runProfitMatrix(ds: Dataset, opts: matrix.ProfitMatrixOptions = {}, filter?: SQL): Promise<matrix.ProfitMatrix> {
  if (!isRemote(ds)) return matrix.runProfitMatrix(ds, opts, filter);
  return runRemote(ds, 'profit-matrix', optionsFor('profit-matrix', opts), remoteClauses(filter));
}

export function matrixQuadrantPredicate(
  ds: Dataset,
  s: matrix.MatrixSettings,
  quadrant: matrix.Quadrant,
  splits: { xSplit: number; ySplit: number; profitSplit: number },
): SQL {
  if (!isRemote(ds)) return matrix.matrixQuadrantPredicate(ds, s, quadrant, splits);
  const o = settingsOptions.get(s) ?? { options: { x: s.x, scale: s.scale } };
  const { xSplit, ySplit, profitSplit } = splits;
  return remoteClause({ kind: 'quadrant', options: optionsFor('profit-matrix', o.options), quadrant, splits: { xSplit, ySplit, profitSplit }, within: remoteClauses(o.filter) });
}

/** A quadrant by the options' splits, else the medians of the whole data (a saved condition). */
export function matrixConditionPredicate(ds: Dataset, opts: matrix.ProfitMatrixOptions, quadrant: matrix.Quadrant): SQL {
  const s = matrix.matrixSettings(ds, opts);
  if (!isRemote(ds)) return matrix.matrixConditionPredicate(ds, s, quadrant);
  return remoteClause({ kind: 'quadrant', options: optionsFor('profit-matrix', opts), quadrant });
}

export function runLifecycleFunnel(ds: Dataset, opts: lifecycle.LifecycleOptions = {}, filter?: SQL): Promise<lifecycle.LifecycleResult> {
  if (!isRemote(ds)) return lifecycle.runLifecycleFunnel(ds, opts, filter);
  return runRemote(ds, 'lifecycle-funnel', optionsFor('lifecycle-funnel', opts), remoteClauses(filter));
}

export function stagePredicate(ds: Dataset, opts: lifecycle.LifecycleOptions, stage: string, at?: string): SQL {
  if (!isRemote(ds)) return lifecycle.stagePredicate(ds, opts, stage, at);
  lifecycle.lifecycleSettings(ds, opts);
  return remoteClause({ kind: 'stage', options: optionsFor('lifecycle-funnel', opts), stage, ...(at ? { at } : {}) });
}

export function transitionPredicate(ds: Dataset, opts: lifecycle.LifecycleOptions, from: string | null, to: string | null): SQL {
  if (!isRemote(ds)) return lifecycle.transitionPredicate(ds, opts, from, to);
  lifecycle.lifecycleSettings(ds, opts);
  return remoteClause({ kind: 'transition', options: optionsFor('lifecycle-funnel', opts), from, to });
}

export function runKpis(ds: Dataset, opts: kpis.KpiOptions = {}, filter?: SQL): Promise<kpis.KpiResult> {
  if (!isRemote(ds)) return kpis.runKpis(ds, opts, filter);
  return runRemote(ds, 'kpis', optionsFor('kpis', opts), remoteClauses(filter));
}

/** Labels by name (the server builds the known ones, SERVED_LABELS in protocol.ts: tier, stage, RFM and predicted value; others are not sent). */
function labelNames(labels: list.LabelSource[] | undefined): Options {
  const names = [...new Set((labels ?? []).map((l) => l.column))].filter((n) => SERVED_LABELS.includes(n));
  return names.length ? { labels: names.join(',') } : {};
}

export function runCustomerList(ds: Dataset, opts: list.CustomerListOptions = {}, filter?: SQL): Promise<list.CustomerPage> {
  if (!isRemote(ds)) return list.runCustomerList(ds, opts, filter);
  return runRemote(ds, 'customer-list', { ...optionsFor('customer-list', opts), ...labelNames(opts.labels) }, remoteClauses(filter));
}

export function runCustomerCard(ds: Dataset, customerId: string, opts: card.CustomerCardOptions = {}): Promise<card.CustomerCard> {
  if (!isRemote(ds)) return card.runCustomerCard(ds, customerId, opts);
  return runRemote(ds, 'customer-card', { ...optionsFor('customer-card', opts), ...labelNames(opts.labels), customerId }, []);
}

/** Scored values made for a remote data set: the options they stand for (the model itself stays on the server). */
const scoredOptions = new WeakMap<value.ScoredValue, Options>();

/**
 * On a remote data set: the settings only (the fit and the scores stay on the
 * server); the value predicates below turn it into `value-group` clauses.
 */
export async function scoreCustomerValue(ds: Dataset, opts: value.CustomerValueOptions = {}): Promise<value.ScoredValue> {
  if (!isRemote(ds)) return value.scoreCustomerValue(ds, opts);
  const scored = { settings: value.customerValueSettings(ds, opts), fit: undefined as unknown as value.ModelFit, assignment: raw('SELECT NULL WHERE FALSE') };
  scoredOptions.set(scored, optionsFor('customer-value', opts));
  return scored;
}

function valueGroup(scored: value.ScoredValue, group: string): ReturnType<typeof remoteClause> | undefined {
  const options = scoredOptions.get(scored);
  return options && remoteClause({ kind: 'value-group', options, group });
}

export function valueTierPredicate(scored: value.ScoredValue, tier: value.ValueTier): SQL {
  return valueGroup(scored, `tier:${tier}`) ?? value.valueTierPredicate(scored, tier);
}

export function aliveBinPredicate(scored: value.ScoredValue, from: number, to: number): SQL {
  if (!scoredOptions.has(scored)) return value.aliveBinPredicate(scored, from, to);
  const bin = Math.round(from * 10);
  // The widget's bins only: tenths of P(alive).
  if (!(bin >= 0 && bin <= 9 && Math.abs(to - (bin + 1) / 10) < 1e-9)) throw new CrmError('invalid-option', { option: 'alive', value: `${from}-${to}`, reason: 'a served data set selects tenths' });
  return valueGroup(scored, `alive:${bin}`)!;
}

export function winBackPredicate(ds: Dataset, scored: value.ScoredValue): SQL {
  return valueGroup(scored, 'winback') ?? value.winBackPredicate(ds, scored);
}

export async function runCustomerValue(ds: Dataset, opts: value.CustomerValueOptions = {}, filter?: SQL, how: { validation?: boolean } = {}): Promise<value.CustomerValueResult> {
  if (!isRemote(ds)) return value.runCustomerValue(ds, opts, filter, how);
  const r = await runRemote<value.CustomerValueResult>(ds, 'customer-value', optionsFor('customer-value', opts), remoteClauses(filter));
  if (how.validation !== false) {
    try {
      r.validation = await runValidation(ds, r.settings);
    } catch (e) {
      if (!(e instanceof CrmError)) throw e;
      r.validationError = e;
    }
  }
  return r;
}

export function runValidation(ds: Dataset, s: value.CustomerValueSettings): Promise<value.Validation> {
  if (!isRemote(ds)) return value.runValidation(ds, s);
  return runRemote(ds, 'customer-value-validation', { asOf: s.asOf, calibrationEnd: s.calibrationEnd, unit: s.unit }, []);
}

/** Tag options as the protocol takes them: plain values, the user rules as JSON text. */
function tagOptionsFor(opts: tags.TagOptions): Options {
  tags.tagSettings({ asOf: '2000-01-01' }, opts);
  const o = optionsFor('tags', { ...opts, rules: undefined });
  return opts.rules?.length ? { ...o, rules: JSON.stringify(opts.rules) } : o;
}

export function runTags(ds: Dataset, opts: tags.TagOptions = {}, filter?: SQL, groups?: { tiers?: SQL; stages?: SQL }): Promise<tags.TagsResult> {
  if (!isRemote(ds)) return tags.runTags(ds, opts, filter, groups);
  // The server breaks the tags down by the pyramid's default tiers and the lifecycle's stages, as the widget asks.
  return runRemote(ds, 'tags', { ...tagOptionsFor(opts), ...(groups?.tiers || groups?.stages ? { breakdown: true } : {}) }, remoteClauses(filter));
}

export function tagPredicate(ds: Dataset, opts: tags.TagOptions, list: readonly string[], mode: tags.TagMode = 'or'): SQL {
  if (!isRemote(ds)) return tags.tagPredicate(ds, opts, list, mode);
  if (list.length === 0) return raw('TRUE');
  return remoteClause({ kind: 'tags', options: tagOptionsFor(opts), tags: [...new Set(list)], mode });
}

export async function runAcquisition(ds: Dataset, opts: { predictedValue?: boolean } = {}, filter?: SQL): Promise<acquisition.AcquisitionResult> {
  if (!isRemote(ds)) return acquisition.runAcquisition(ds, opts, filter);
  const r = await runRemote<acquisition.AcquisitionResult & { clvError?: { code: string; message: string; detail: string } }>(ds, 'acquisition', optionsFor('acquisition', opts), remoteClauses(filter));
  const { clvError, ...rest } = r;
  // Why the server could not work out the predicted value: the same error as in the page (its facts write the other languages).
  return clvError ? { ...rest, clvError: new CrmError(clvError.code as never, clvError.message, JSON.parse(clvError.detail)) } : rest;
}

export function acquisitionChannelPredicate(ds: Dataset, channel: string | null): SQL {
  if (!isRemote(ds)) return acquisition.acquisitionChannelPredicate(ds, channel);
  return remoteClause({ kind: 'channel', channel });
}

/** The campaign export: on a served data set the server writes the rows and the CSV (and masks them for a user without the PII right). */
export function runCampaignExport(ds: Dataset, opts: { filter?: SQL; columns?: readonly string[]; maskPii?: boolean } = {}): Promise<campaign.CampaignExport> {
  if (!isRemote(ds)) return campaign.runCampaignExport(ds, opts);
  const columns = campaign.campaignColumns(ds, opts.columns);
  return runRemote(ds, 'campaign-export', { columns: columns.join(','), ...(opts.maskPii ? { maskPii: true } : {}) }, remoteClauses(opts.filter));
}
