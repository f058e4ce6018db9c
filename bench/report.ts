/**
 * The markdown table of a `pnpm bench` run: medians with min–max, and every
 * other path's time as a ratio to crmkit's (above 1× = crmkit is faster).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Disagreement } from './analyses.js';

export interface PathResult {
  [key: string]: unknown;
  peakRendererRss?: number;
  wallMs?: number;
  error?: string;
}
export interface FormatResult {
  format: 'parquet' | 'csv';
  file: string;
  bytes: number;
  paths: Record<string, PathResult | undefined>;
  agreement?: Record<string, Disagreement[] | string>;
}
export interface Machine {
  loadavg: number[];
  cpus: number;
  totalMemBytes: number;
  freeMemBytes: number;
  chromiumProcesses: number;
  at: string;
}
export interface SizeResult {
  size: string;
  target: number;
  runs: number;
  /** Commit measured. */
  commit?: string;
  machineBefore: Machine;
  machineAfter?: Machine;
  engineStart?: number[] | null;
  engineStartError?: string;
  /** The conversion funnel on `target` events (path `funnel`, see funnelRun in page.ts). */
  funnel?: unknown;
  funnelError?: string;
  formats: FormatResult[];
}
export interface BenchResults {
  date: string;
  started: string;
  finished?: string;
  machine: Machine;
  chromium: string;
  node: string;
  options: Record<string, unknown>;
  sizes: SizeResult[];
}

// ------------------------------------------------------------------ statistics

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
/** Nearest-rank percentile. */
export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
}

const ms = (x: number) => (x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : x >= 1000 ? `${(x / 1000).toFixed(2)} s` : x >= 10 ? `${Math.round(x)} ms` : `${x.toFixed(1)} ms`);
const mb = (x: number | null | undefined) => (x ? `${Math.round(x / 1e6)} MB` : '–');
const spread = (xs: number[]) => (xs.length > 1 ? ` (${ms(Math.min(...xs))}–${ms(Math.max(...xs))})` : '');
const cell = (xs: number[] | undefined) => (xs && xs.length ? `${ms(median(xs))}${spread(xs)}` : '–');
const ratio = (other: number[] | undefined, base: number[] | undefined) => (other?.length && base?.length ? ` · **${(median(other) / median(base)).toFixed(1)}×**` : '');

// ------------------------------------------------------------------ extracting series from path results

type Num = number[] | undefined;
interface Series {
  load?: Num;
  model?: Num;
  total?: Num;
  queries: Record<string, Num>;
  error?: string;
  peak?: number;
}

const ANALYSES = ['pyramid', 'funnel', 'pareto', 'matrix'] as const;

function seriesOf(name: string, p: PathResult | undefined): Series {
  const out: Series = { queries: {} };
  if (!p) return out;
  out.error = p.error;
  out.peak = p.peakRendererRss as number | undefined;
  if (name === 'crmkit') {
    const load = p.load as { runs: { total: number; dataset: number }[] } | undefined;
    const q = p.queries as { times: Record<string, number[]> } | undefined;
    if (load) {
      out.load = load.runs.map((r) => r.total - r.dataset);
      out.model = load.runs.map((r) => r.dataset);
      out.total = load.runs.map((r) => r.total);
    }
    if (q) for (const a of ANALYSES) out.queries[a] = q.times[a];
  } else if (name === 'native' || name === 'native1') {
    const load = p.load as number[] | undefined;
    const model = p.model as number[] | undefined;
    out.load = load;
    out.model = model;
    if (load && model) out.total = load.map((x, i) => x + model[i]);
    out.peak = p.peakRssBytes as number | undefined;
    const q = p.queries as Record<string, number[]> | undefined;
    if (q) for (const a of ANALYSES) out.queries[a] = q[a];
  } else {
    const load = p.load as { total: number; facts: number }[] | undefined;
    if (load) {
      out.load = load.map((r) => r.total - r.facts);
      out.model = load.map((r) => r.facts);
      out.total = load.map((r) => r.total);
    }
    const q = p.times as Record<string, number[]> | undefined;
    if (q) for (const a of ANALYSES) out.queries[a] = q[a];
  }
  return out;
}

/** Per run, the sum of the four analyses. */
function sumOfFour(s: Series): Num {
  const q = ANALYSES.map((a) => s.queries[a]);
  if (q.some((x) => !x?.length)) return undefined;
  return q[0]!.map((_, i) => q.reduce((acc, x) => acc + (x![i] ?? 0), 0));
}

// ------------------------------------------------------------------ the report

const COLUMNS = [
  ['crmkit', 'crmkit (DuckDB-WASM)'],
  ['native', 'native DuckDB (all cores)'],
  ['native1', 'native DuckDB (1 thread)'],
  ['arquero', 'Arquero'],
  ['plain', 'plain TypeScript'],
] as const;

function formatSection(sr: SizeResult, fr: FormatResult): string[] {
  const L: string[] = [];
  const crm = fr.paths.crmkit;
  const rows = (crm?.load as { rows?: number } | undefined)?.rows ?? (fr.paths.native?.rows as number | undefined);
  const customers = (crm?.load as { customers?: number } | undefined)?.customers ?? (fr.paths.native?.customers as number | undefined);
  L.push(`### ${sr.size} · ${fr.format} — ${rows?.toLocaleString('en') ?? '?'} transactions, ${customers?.toLocaleString('en') ?? '?'} customers, ${mb(fr.bytes)} file`, '');
  const S = Object.fromEntries(COLUMNS.map(([k]) => [k, seriesOf(k, fr.paths[k])])) as Record<string, Series>;
  L.push(`| step (median, min–max; ratio = time ÷ crmkit's) | ${COLUMNS.map(([, t]) => t).join(' | ')} |`);
  L.push(`|---|${COLUMNS.map(() => '---').join('|')}|`);
  const row = (label: string, pick: (s: Series) => Num) => {
    const base = pick(S.crmkit);
    L.push(`| ${label} | ${COLUMNS.map(([k]) => (S[k].error && !pick(S[k]) ? `failed: ${S[k].error}` : `${cell(pick(S[k]))}${k === 'crmkit' ? '' : ratio(pick(S[k]), base)}`)).join(' | ')} |`);
  };
  row('load: file → table in memory', (s) => s.load);
  row('per-customer table (once per load)', (s) => s.model);
  row('load total', (s) => s.total);
  for (const a of ANALYSES) row(`analysis: ${a}`, (s) => s.queries[a]);
  row('the four analyses', sumOfFour);
  L.push(`| peak memory (tab RSS; native: process RSS) | ${COLUMNS.map(([k]) => mb(S[k].peak)).join(' | ')} |`, '');

  // crmkit details
  const load = crm?.load as { runs: { phases: Record<string, number> }[]; duckdb?: { bytes: number }; peakHeap?: number } | undefined;
  if (load?.runs?.length) {
    const phases = Object.keys(load.runs[0].phases).filter((k) => k !== 'start' || load.runs[0].phases[k] > 1);
    L.push(`crmkit load phases (median): ${phases.map((k) => `${k} ${ms(median(load.runs.map((r) => r.phases[k] ?? 0)))}`).join(', ')}; DuckDB memory after load ${mb(load.duckdb?.bytes)}, peak JS heap ${mb(load.peakHeap)}.`, '');
  }
  const cf = crm?.crossFilter as { asIs: number[]; materialised: number[]; same: boolean } | undefined;
  if (cf?.asIs?.length) {
    L.push(
      `Cross-filter cost in the engine (the four analyses filtered by the pyramid's "gold" tier, one after the other): as widgets filter today ${cell(cf.asIs)}; ` +
        `with the selected customers written once to a temporary table ${cell(cf.materialised)}${ratio(cf.asIs, cf.materialised).replace('**', 'i.e. **').replace('×**', '× faster**')} (same numbers: ${cf.same ? 'yes' : '**no**'}).`,
      '',
    );
  }
  const cv = crm?.customerValue as { times: Record<'summary' | 'bgnbd' | 'gammaGamma' | 'score' | 'fitAndScore', number[]> & { rest?: number[]; validation?: number[] }; groups: number; evals: number } | undefined;
  if (cv?.times) {
    const t = cv.times;
    L.push(
      `Predicted customer value in the page: summary and (x, t_x, T) groups in SQL ${cell(t.summary)}, BG/NBD fit ${cell(t.bgnbd)} (${cv.groups.toLocaleString('en')} groups, ${cv.evals} likelihood evaluations), ` +
        `Gamma-Gamma fit ${cell(t.gammaGamma)}, scores of every group ${cell(t.score)}; fit and score as the widget runs it (with the per-customer score table) **${cell(t.fitAndScore)}**` +
        (t.rest ? `; the rest of the widget's first draw on that fit ${cell(t.rest)}; the holdout check, worked out after the first draw ${cell(t.validation ?? [])}.` : '.'),
      '',
    );
  }
  const w = fr.paths.widgets;
  if (w) {
    if (w.error && !w.render) L.push(`Widgets: failed — ${w.error}`, '');
    else {
      const render = (w.render as { total: number; load: number; widgets: number; longestTask?: number; longestLoadTask?: number }[]) ?? [];
      const longest = render.filter((r) => r.longestTask !== undefined).map((r) => r.longestTask!);
      const longestLoad = render.filter((r) => r.longestLoadTask !== undefined).map((r) => r.longestLoadTask!);
      const cross = ((w.cross as { ms: number }[]) ?? []).map((c) => c.ms);
      const activate = ((w.cross as { activate?: number }[]) ?? []).filter((c) => c.activate !== undefined).map((c) => c.activate!);
      const ranges = rangesAtOnce(w);
      const drags = (w.rangeDrags as { ms: number; ahead?: number }[] | undefined) ?? [];
      const dragAhead = drags.filter((d) => d.ahead !== undefined).map((d) => d.ahead!);
      const clears = (w.clears as number[] | undefined) ?? [];
      const missing = (w.missing as string[]) ?? [];
      L.push(
        `Widgets (${((w.widgets as string[]) ?? []).join(', ')}${missing.length ? `; **not available: ${missing.join(', ')}**` : ''}): ` +
          `\`src\` set → all rendered **${cell(render.map((r) => r.total))}** (load ${cell(render.map((r) => r.load))}, then queries + drawing ${cell(render.map((r) => r.widgets))}${longest.length ? (longest.every((x) => x === 0) ? '; no main-thread task over 50 ms' : `; longest main-thread task ${cell(longest)} (0 when none was over 50 ms)`) : ''}${longestLoad.length ? `; while loading (until crm-load) ${cell(longestLoad)}` : ''}); ` +
          (cross.length ? `cross-filter click → every widget updated p50 **${ms(percentile(cross, 0.5))}**, p95 **${ms(percentile(cross, 0.95))}** (${cross.length} clicks${activate.length ? `; before each, on pointer-enter, the widget's groups worked out ahead p50 ${ms(percentile(activate, 0.5))}, p95 ${ms(percentile(activate, 0.95))}, not in the click's time` : ''}); ` : 'no cross-filter clicks measured; ') +
          (drags.length ? `a Pareto range of ranks pressed or dragged, then released → every widget updated p50 **${ms(percentile(drags.map((d) => d.ms), 0.5))}**, p95 **${ms(percentile(drags.map((d) => d.ms), 0.95))}** (${drags.length} ranges${dragAhead.length ? `; while the pointer was down, the range worked out ahead p50 ${ms(percentile(dragAhead, 0.5))}, p95 ${ms(percentile(dragAhead, 0.95))}, not in the release's time` : ''}); ` : '') +
          (ranges.length ? `a Pareto range of ranks selected at once with no press (programmatic) → every widget updated p50 **${ms(percentile(ranges, 0.5))}**, p95 **${ms(percentile(ranges, 0.95))}** (${ranges.length} ranges); ` : '') +
          (clears.length ? `clearing → every widget updated p50 **${ms(percentile(clears, 0.5))}**, p95 **${ms(percentile(clears, 0.95))}** (${clears.length}); ` : '') +
          `peak JS heap ${mb(w.peakHeap as number)}${w.peakJsHeapCdp ? ` (DevTools protocol: ${mb(w.peakJsHeapCdp as number)})` : ''}, DuckDB memory ${mb((w.duckdb as { bytes: number } | undefined)?.bytes)}, tab RSS ${mb(w.peakRendererRss)}` +
          `${fr.format === 'parquet' ? `; Parquet decoded ${decodedWhere(w)}` : ''}.` +
          (w.error ? ` Error: ${w.error}` : ''),
        '',
      );
    }
  }
  const cold = fr.paths.cold;
  if (cold) {
    const runs = (cold.runs as Record<string, number | null | undefined>[] | undefined) ?? [];
    const of = (k: string) => runs.map((x) => x[k]).filter((x): x is number => typeof x === 'number');
    L.push(
      runs.length
        ? `Cold page (a new tab per run, nothing started; bench/page.ts coldRun): engine start + \`src\` set → all drawn **${cell(of('total'))}** (engine up after ${cell(of('engine'))}, loaded ${cell(of('load'))}, then queries + drawing ${cell(of('widgets'))}; from the tab's navigation ${cell(of('sinceNavigation'))}; longest main-thread task while loading ${cell(of('longestLoadTask'))}; tab RSS ${mb(cold.peakRendererRss)})${cold.error ? `; then: ${cold.error}` : ''}.`
        : `Cold page: ${cold.error ?? 'no figures'}.`,
      '',
    );
  }
  L.push(...mosaicSection(fr));
  const ag = fr.agreement ?? {};
  const parts = Object.entries(ag).map(([k, v]) => (typeof v === 'string' ? `${k}: ${v}` : v.length === 0 ? `${k}: same numbers` : `${k}: **${v.length} differences** (${v.slice(0, 4).map((d) => `${d.analysis}.${d.field} ${d.expected} vs ${d.actual}`).join('; ')})`));
  L.push(`Agreement with crmkit (counts exact, sums and shares to 1e-9): ${parts.join('; ')}.`, '');
  return L;
}

/** Where the widgets' Parquet was decoded: crmkit's worker, or the page's thread (`--decode page`). */
function decodedWhere(w: PathResult): string {
  if (w.decode === 'page') return "**on the page's thread** (`--decode page`)";
  return w.workerFetched === false ? "in crmkit's worker (**but its script was not fetched**)" : "in crmkit's worker";
}

/** Mosaic's four linked views beside the widgets (bench/mosaic.ts), with where the two workloads differ. */
function mosaicSection(fr: FormatResult): string[] {
  const m = fr.paths.mosaic;
  if (!m) return [];
  if (m.error && !m.render) return [`Mosaic (@uwdata/mosaic-core 0.32): ${m.error}.`, ''];
  const render = (m.render as { total: number; load: number; customers: number; views: number; longestTask: number }[]) ?? [];
  const cross = ((m.cross as { ms: number; activate: number; from: string }[]) ?? []);
  const ms_ = cross.map((c) => c.ms);
  const w = fr.paths.widgets;
  const wRender = ((w?.render as { total: number; longestTask?: number }[] | undefined) ?? []);
  const wCross = ((w?.cross as { ms: number }[] | undefined) ?? []).map((c) => c.ms);
  const pre = (m.preaggTables as { rows: number }[] | undefined) ?? [];
  const shown = m.shown as { customers: number } | undefined;
  const p = (xs: number[], q: number) => (xs.length ? ms(percentile(xs, q)) : '–');
  const longest = (xs: { longestTask?: number }[]) => (xs.length ? cell(xs.map((x) => x.longestTask ?? 0)) : '–');
  return [
    `Mosaic (@uwdata/mosaic-core 0.32, pre-aggregation on, query cache off; bench/mosaic.ts): four linked views over one per-customer table (${shown?.customers?.toLocaleString('en') ?? '?'} customers): customers by tier, by lifecycle stage, a revenue histogram, a revenue × cost density; the same DuckDB-WASM build and settings, a warm engine.`,
    '',
    '| | crmkit widgets | Mosaic |',
    '|---|---|---|',
    `| ${fr.format.toUpperCase()} → all drawn | ${wRender.length ? cell(wRender.map((r) => r.total)) : '–'} | ${cell(render.map((r) => r.total))} (read ${cell(render.map((r) => r.load))}, per-customer table ${cell(render.map((r) => r.customers))}, views ${cell(render.map((r) => r.views))}) |`,
    `| longest main-thread task while loading | ${longest(wRender)} | ${longest(render)} |`,
    `| click → every other view updated, p50 | ${p(wCross, 0.5)} | ${p(ms_, 0.5)} |`,
    `| click → every other view updated, p95 | ${p(wCross, 0.95)} | ${p(ms_, 0.95)} |`,
    `| clicks | ${wCross.length} | ${ms_.length} (before each, on activation: pre-aggregation p50 ${p(cross.map((c) => c.activate), 0.5)}, not in the click's time) |`,
    `| tab RSS, peak | ${mb(w?.peakRendererRss)} | ${mb(m.peakRendererRss)} |`,
    '',
    `Mosaic's pre-aggregated tables after the clicks: ${pre.length} (rows ${pre.map((t) => t.rows).sort((a, b) => a - b).join(', ')}).`,
    '',
    "Where the workloads differ: a widget click re-runs crmkit's analyses over the selected customers — the pyramid (tiers by the ⌈B · n⌉ rule with ties kept together) and the lifecycle funnel (stages and their transitions) per group, the Pareto curve (a sort of the selected customers, running sums, the downsampled curve and its cut-offs) and the profit matrix (three medians, quadrant counts and statistics, log bins). Both work ahead on pointer-enter: crmkit writes each of the widget's groups (tiers, stages, quadrants) to a table and runs every other widget's analysis under each, so the click itself reads kept results; a Pareto range is worked out likewise while the pointer is down; a click without that (a range selected with no press, a condition) writes its selection to a table and runs the analyses. " +
      "A Mosaic click runs one GROUP BY per other view over a small pre-aggregated table (counts only: no medians, ranks or running sums), built when the pointer entered the view. Mosaic's tiers and stages here are simpler (top 5 % / next 15 % by revenue by row number; stages by days since first and last order), and its views are plain rectangles drawn from the rows, where the widgets draw axes, labels and accessible marks. Mosaic reads the CSV as DuckDB types it, without crmkit's validation of every value.",
    '',
  ];
}

function find(r: BenchResults, size: string, format: string): FormatResult | undefined {
  return r.sizes.find((s) => s.size === size)?.formats.find((f) => f.format === format);
}

// ------------------------------------------------------------------ targets

export type Verdict = 'met' | 'missed' | 'not measured';
export interface TargetRow {
  /** Which target (the same words on every row of that target). */
  target: string;
  /** Size and format the row is about, e.g. "1 M · Parquet". */
  where: string;
  measured: string;
  verdict: Verdict;
}

const SIZE_NAMES: Record<string, string> = { '10k': '10 k', '100k': '100 k', '1m': '1 M', '10m': '10 M' };
const FORMAT_NAMES = { parquet: 'Parquet', csv: 'CSV' } as const;
const where = (size: string, format?: 'parquet' | 'csv') => `${SIZE_NAMES[size] ?? size}${format ? ` · ${FORMAT_NAMES[format]}` : ''}`;
const sizeResult = (r: BenchResults, size: string) => r.sizes.find((s) => s.size === size);
/** Why a path has no figures: its error, or that it did not run. */
const absent = (p: PathResult | undefined, what = 'not in this run') => (p?.error ? `failed: ${p.error}` : what);

/**
 * The kinds of cross-filter click the interaction target covers, in the order they are reported. A Pareto range
 * a user chooses on the curve is pressed (or dragged) first, then released: it is worked out while the pointer
 * is down, as any real click with a press, so those ranges are the target's (`rangeDrags`). A range selected at
 * once with no press before it (programmatic: `selectRange` from the page) is reported apart (`rangesAtOnce`).
 */
export const CLICK_KINDS = ['tiers', 'stages', 'quadrants', 'Pareto ranges pressed then released', 'clearing'] as const;
const KIND_OF: Record<string, string> = {
  'crm-segment-pyramid': 'tiers',
  'crm-lifecycle-funnel': 'stages',
  'crm-profit-matrix': 'quadrants',
  'crm-pareto-curve': 'Pareto marks',
};

/** The widgets step's click times by kind (a mark of each widget, a Pareto range pressed then released, clearing); ranges selected at once are not among them (`rangesAtOnce`). */
export function clicksByKind(w: PathResult | undefined): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  const add = (k: string, x: number) => (out[k] ??= []).push(x);
  for (const c of (w?.cross as { ms: number; from?: string }[] | undefined) ?? []) add(KIND_OF[c.from ?? ''] ?? 'marks', c.ms);
  for (const c of (w?.rangeDrags as { ms: number }[] | undefined) ?? []) add('Pareto ranges pressed then released', c.ms);
  for (const x of (w?.clears as number[] | undefined) ?? []) add('clearing', x);
  return out;
}

/** The widgets step's Pareto ranges selected at once, with no press before them (programmatic). */
export function rangesAtOnce(w: PathResult | undefined): number[] {
  return ((w?.rangeClicks as { ms: number }[] | undefined) ?? []).map((c) => c.ms);
}

const p95 = (xs: number[]) => percentile(xs, 0.95);
const renders = (p: PathResult | undefined) => (p?.render as { total: number; longestLoadTask?: number }[] | undefined) ?? [];
const coldRuns = (p: PathResult | undefined) => (p?.runs as { total: number; engine?: number }[] | undefined) ?? [];
/** Median load total + median of the four analyses' per-run sum: file → what the four widgets show. */
function wholePath(name: string, p: PathResult | undefined): number | undefined {
  const s = seriesOf(name, p);
  const four = sumOfFour(s);
  return s.total?.length && four?.length ? median(s.total) + median(four) : undefined;
}

/**
 * Today's speed targets, each worked out from the run's figures: one row per
 * target and size (and format where it matters). A size or path not in the run
 * is "not measured"; a failed step (a crash, out of memory, a time-out) misses.
 */
export function targetRows(r: BenchResults): TargetRow[] {
  const rows: TargetRow[] = [];
  const present = new Set(r.sizes.map((s) => s.size));
  const names = new Map(r.sizes.map((s) => [where(s.size), s.size]));
  // A size the run did not measure at all says so once, whatever its paths would have said.
  const add = (target: string, w: string, measured: string, verdict: Verdict) =>
    rows.push(present.has(names.get(w.split(' · ')[0]) ?? '') ? { target, where: w, measured, verdict } : { target, where: w, measured: 'size not in this run', verdict: 'not measured' });
  const formats = ['parquet', 'csv'] as const;
  const sizes = [
    ['1m', 30, 1200] as const,
    ['10m', 100, 10_000] as const,
  ];

  // 1. Cross-filter click → every widget updated, over every kind of click.
  for (const [size, limit] of sizes) {
    for (const format of formats) {
      const T = `Cross-filter click → every widget updated, p95 ≤ ${limit} ms (tiers, stages, a quadrant, a Pareto range pressed or dragged then released — a user's click on the curve presses first, and the range is worked out while the pointer is down —, clearing)`;
      const w = find(r, size, format)?.paths.widgets;
      const byKind = clicksByKind(w);
      const all = Object.values(byKind).flat();
      if (!all.length) {
        add(T, where(size, format), absent(w), w?.error ? 'missed' : 'not measured');
        continue;
      }
      const kinds = [...CLICK_KINDS, ...Object.keys(byKind).filter((k) => !(CLICK_KINDS as readonly string[]).includes(k))];
      const parts = kinds.map((k) => (byKind[k]?.length ? `${k} ${ms(p95(byKind[k]))} (${byKind[k].length})` : `${k} –`));
      const lacking = CLICK_KINDS.filter((k) => !byKind[k]?.length);
      const mismatches = (w?.crossMismatches as string[] | undefined) ?? [];
      const overall = p95(all);
      const verdict: Verdict = mismatches.length || overall > limit ? 'missed' : lacking.length ? 'not measured' : 'met';
      add(
        T,
        where(size, format),
        `overall p95 **${ms(overall)}** (${all.length}); by kind p95 (count): ${parts.join(', ')}` +
          (lacking.length ? `; not measured: ${lacking.join(', ')}` : '') +
          (mismatches.length ? `; **${mismatches.length} results differ from the general path**` : ''),
        verdict,
      );
    }
  }
  // 1a. Pareto ranges selected at once with no press (programmatic): the second line of the ranges, not in the click target.
  for (const [size, limit] of sizes) {
    for (const format of formats) {
      const T = `Pareto range selected at once, with no press before it (programmatic selectRange), p95 ≤ ${limit} ms — reported apart, not in the click target above (a user's click on the curve presses first)`;
      const w = find(r, size, format)?.paths.widgets;
      const xs = rangesAtOnce(w);
      if (!xs.length) {
        add(T, where(size, format), absent(w), w?.error ? 'missed' : 'not measured');
        continue;
      }
      add(T, where(size, format), `p50 ${ms(percentile(xs, 0.5))}, p95 **${ms(p95(xs))}** (${xs.length})`, p95(xs) > limit ? 'missed' : 'met');
    }
  }
  // 1b. Ahead of Mosaic's click in the same run (Mosaic reads CSV only offline): like for like, clicks on marks.
  for (const [size] of sizes) {
    const T = "Cross-filter click ahead of Mosaic's, same run (clicks on marks, p50 and p95)";
    const f = find(r, size, 'csv');
    const m = f?.paths.mosaic;
    const byKind = clicksByKind(f?.paths.widgets);
    const marks = Object.entries(byKind).filter(([k]) => k !== 'Pareto ranges pressed then released' && k !== 'clearing').flatMap(([, v]) => v);
    const mc = ((m?.cross as { ms: number }[] | undefined) ?? []).map((c) => c.ms);
    if (!marks.length || !mc.length) {
      add(T, where(size, 'csv'), !mc.length ? `Mosaic: ${absent(m)}` : `crmkit: ${absent(f?.paths.widgets)}`, 'not measured');
      continue;
    }
    const [a50, a95, b50, b95] = [percentile(marks, 0.5), p95(marks), percentile(mc, 0.5), p95(mc)];
    add(T, where(size, 'csv'), `crmkit p50 ${ms(a50)} / p95 ${ms(a95)} (${marks.length}); Mosaic p50 ${ms(b50)} / p95 ${ms(b95)} (${mc.length})`, a50 < b50 && a95 < b95 ? 'met' : 'missed');
  }

  // 2. File → four widgets drawn.
  for (const format of formats) {
    const T = '1 M file → four widgets drawn ≤ 1.2 s, engine up (median)';
    const w = find(r, '1m', format)?.paths.widgets;
    const t = renders(w).map((x) => x.total);
    add(T, where('1m', format), t.length ? `**${cell(t)}**` : absent(w), t.length ? (median(t) <= 1200 ? 'met' : 'missed') : w?.error ? 'missed' : 'not measured');
  }
  for (const format of formats) {
    const T = '1 M file → four widgets drawn ≤ 2.5 s from a cold page, engine start included (median)';
    const c = find(r, '1m', format)?.paths.cold;
    const t = coldRuns(c).map((x) => x.total);
    add(T, where('1m', format), t.length ? `**${cell(t)}**` : absent(c), t.length ? (median(t) <= 2500 ? 'met' : 'missed') : c?.error ? 'missed' : 'not measured');
  }
  for (const format of formats) {
    const T = '10 M file → four widgets drawn ≤ 10 s, no tab crash (peak tab memory)';
    const f = find(r, '10m', format);
    const w = f?.paths.widgets;
    const t = renders(w).map((x) => x.total);
    const cold = coldRuns(f?.paths.cold).map((x) => x.total);
    const extra = `${cold.length ? `; from a cold page ${cell(cold)}` : ''}; peak tab RSS ${mb(Math.max(w?.peakRendererRss ?? 0, f?.paths.cold?.peakRendererRss ?? 0))}`;
    if (!t.length) add(T, where('10m', format), w ? `${absent(w)}${w.peakRendererRss ? `; peak tab RSS ${mb(w.peakRendererRss)}` : ''}` : 'not in this run', w?.error ? 'missed' : 'not measured');
    else add(T, where('10m', format), `**${cell(t)}**${extra}${w?.error ? `; then: ${w.error}` : ''}`, median(t) <= 10_000 && !/crash/i.test(w?.error ?? '') ? 'met' : 'missed');
  }

  // 3. Longest main-thread task while loading (tasks that began before crm-load).
  for (const [size] of sizes) {
    for (const format of formats) {
      const T = 'Longest main-thread task while loading ≤ 50 ms (median of the loads)';
      const w = find(r, size, format)?.paths.widgets;
      const t = renders(w).filter((x) => x.longestLoadTask !== undefined).map((x) => x.longestLoadTask!);
      const longest = (x: number) => (x === 0 ? 'none over 50 ms' : ms(x)); // the browser reports only tasks over 50 ms
      add(T, where(size, format), t.length ? `${longest(median(t))}; each load: ${t.map(longest).join(', ')}` : absent(w), t.length ? (median(t) <= 50 ? 'met' : 'missed') : w?.error ? 'missed' : 'not measured');
    }
  }

  // 4. Each analysis within 1.5× of native DuckDB on the same SQL.
  for (const [size] of sizes) {
    for (const format of formats) {
      const T = 'Each analysis within 1.5× of native DuckDB on the same SQL (crmkit ÷ native, medians)';
      const f = find(r, size, format);
      const c = seriesOf('crmkit', f?.paths.crmkit);
      const n = seriesOf('native', f?.paths.native);
      const n1 = seriesOf('native1', f?.paths.native1);
      const q = (s: Series, a: string) => s.queries[a];
      const rs = ANALYSES.map((a) => (q(c, a)?.length && q(n, a)?.length ? median(q(c, a)!) / median(q(n, a)!) : NaN));
      if (!rs.every(Number.isFinite)) {
        add(T, where(size, format), !c.queries.pyramid?.length ? `crmkit: ${absent(f?.paths.crmkit)}` : `native: ${absent(f?.paths.native)}`, 'not measured');
        continue;
      }
      const r1 = ANALYSES.map((a) => (q(c, a)?.length && q(n1, a)?.length ? median(q(c, a)!) / median(q(n1, a)!) : NaN));
      add(
        T,
        where(size, format),
        ANALYSES.map((a, i) => `${a} ${rs[i].toFixed(1)}×`).join(', ') + (r1.every(Number.isFinite) ? `; against native on one thread, at most ${Math.max(...r1).toFixed(1)}×` : ''),
        Math.max(...rs) <= 1.5 ? 'met' : 'missed',
      );
    }
  }

  // 5. The whole path (file → what the four widgets show) faster than Arquero and plain TypeScript.
  for (const peer of ['arquero', 'plain'] as const) {
    for (const [size] of sizes) {
      for (const format of formats) {
        const name = peer === 'arquero' ? 'Arquero' : 'plain TypeScript';
        const T = `Whole path faster than ${name} (load total + the four analyses, medians)`;
        const f = find(r, size, format);
        const c = wholePath('crmkit', f?.paths.crmkit);
        const o = wholePath(peer, f?.paths[peer]);
        if (c === undefined) add(T, where(size, format), `crmkit: ${absent(f?.paths.crmkit)}`, f?.paths.crmkit?.error ? 'missed' : 'not measured');
        else if (o === undefined) add(T, where(size, format), `crmkit ${ms(c)}; ${name}: ${absent(f?.paths[peer])}`, f?.paths[peer]?.error ? 'met' : 'not measured');
        else add(T, where(size, format), `crmkit ${ms(c)}, ${name} ${ms(o)} (${(o / c).toFixed(1)}×)`, c < o ? 'met' : 'missed');
      }
    }
  }

  // 6. Mosaic as a peer: its figures beside the widgets' (the Mosaic table of each CSV section).
  for (const [size] of sizes) {
    const T = "Mosaic's figures side by side, with where the workloads differ";
    const f = find(r, size, 'csv');
    const m = f?.paths.mosaic;
    const t = renders(m).map((x) => x.total);
    add(T, where(size, 'csv'), t.length ? `CSV → all drawn: Mosaic ${cell(t)}, widgets ${cell(renders(f?.paths.widgets).map((x) => x.total))}; the Mosaic table under ${where(size, 'csv')}` : absent(m), t.length ? 'met' : 'not measured');
  }

  // Predicted value and the conversion funnel, when their paths ran.
  const valueRows: TargetRow[] = [];
  for (const format of formats) {
    const T = 'Predicted value: fit and score ≤ 1 s at 1 M (the page\'s first call)';
    const f = find(r, '1m', format);
    const tabs = ((f?.paths.value?.tabs as ({ runs?: { current?: { ms: number }[] } } | string)[] | undefined) ?? []).map((t) => (typeof t === 'string' ? undefined : t.runs?.current?.map((x) => x.ms))).filter((x): x is number[] => !!x?.length);
    const fit = (f?.paths.crmkit?.customerValue as { times?: { fitAndScore?: number[] } } | undefined)?.times?.fitAndScore;
    if (tabs.length) {
      const first = tabs.map((t) => t[0]);
      valueRows.push({ target: T, where: where('1m', format), measured: `first call of each tab ${first.map(ms).join(', ')}; medians ${tabs.map((t) => ms(median(t))).join(', ')}`, verdict: Math.max(...first) <= 1000 ? 'met' : 'missed' });
    } else if (fit?.length) {
      valueRows.push({ target: T, where: where('1m', format), measured: `${cell(fit)} (as the widget runs it, after the four analyses)`, verdict: fit[0] <= 1000 ? 'met' : 'missed' });
    }
  }
  const funnels = r.sizes.filter((s) => s.funnel || s.funnelError);
  if (funnels.length) {
    const s = sizeResult(r, '10m');
    const times = (s?.funnel as { times?: number[] } | undefined)?.times ?? [];
    const T = 'Conversion funnel on 10 M events, 7-day window ≤ 2 s (the page\'s first funnel)';
    if (times.length) valueRows.push({ target: T, where: where('10m'), measured: `first ${ms(times[0])}${times.length > 1 ? `, then ${times.slice(1).map(ms).join(', ')}` : ''}`, verdict: times[0] <= 2000 ? 'met' : 'missed' });
    else valueRows.push({ target: T, where: where('10m'), measured: s?.funnelError ? `failed: ${s.funnelError}` : 'not in this run', verdict: s?.funnelError ? 'missed' : 'not measured' });
  }
  rows.push(...valueRows);
  return rows;
}

function targets(r: BenchResults): string[] {
  const L = ['## Targets', '', 'Each worked out from this run\'s figures (bench/report.ts `targetRows`); a size or path not in the run is "not measured".', '', '| target | where | measured | |', '|---|---|---|---|'];
  let last = '';
  for (const row of targetRows(r)) {
    // The target's words once, on its first row.
    L.push(`| ${row.target === last ? '' : row.target} | ${row.where} | ${row.measured} | ${row.verdict === 'missed' ? '**missed**' : row.verdict} |`);
    last = row.target;
  }
  L.push('');
  return L;
}

export function report(r: BenchResults): string {
  const L: string[] = [];
  const m = r.machine;
  L.push(`# crmkit benchmark — ${r.date}`, '');
  L.push(
    `Generated by \`pnpm bench\` (bench/run.ts). Machine: ${m.cpus} cores, ${mb(m.totalMemBytes)} RAM; Chromium ${r.chromium} headless (DuckDB-WASM runs single-threaded: the page is not cross-origin isolated); Node ${r.node}. ` +
      `Data: the seeded generator (seed 1). Started ${r.started}${r.finished ? `, finished ${r.finished}` : ' (unfinished run)'}.`,
    '',
  );
  L.push('Machine load while measuring (load average 1/5/15 min; Chromium processes not belonging to this run, e.g. other test runs on the machine, compete for the same cores):', '');
  for (const s of r.sizes) {
    const b = s.machineBefore, a = s.machineAfter;
    L.push(`- ${s.size} (started ${b.at.slice(11, 16)} UTC${s.commit ? `, commit ${s.commit}` : ''}): before ${b.loadavg.join(' / ')} (${b.chromiumProcesses} other Chromium processes)${a ? `, after ${a.loadavg.join(' / ')} (${a.chromiumProcesses})` : ''}; ${s.runs} run${s.runs === 1 ? "" : "s"} per step.`);
  }
  L.push('');
  L.push(
    'Paths: **crmkit** = `loadData` + `buildDataset` + the four `run…` functions on DuckDB-WASM in the page (the widgets\' code path); **native DuckDB** = @duckdb/node-api in Node running the same `buildDataset` and `run…` SQL, reading the file with `read_parquet` / `read_csv`; **Arquero** and **plain TypeScript** = the same four analyses (bench/arquero.ts, bench/analyses.ts) in the same browser, reading Parquet with the same JS decoder crmkit uses (hyparquet) and CSV with `aq.loadCSV` / a byte-level parser. ' +
      'Ratios are the other path\'s median ÷ crmkit\'s median: above 1× crmkit is faster, below 1× slower.',
    '',
  );
  L.push(...targets(r));
  for (const s of r.sizes) {
    L.push(`## ${s.size}`, '');
    if (s.engineStart?.length) L.push(`Engine start (DuckDB-WASM worker + wasm instantiate + open): ${cell(s.engineStart)}.`, '');
    if (s.engineStartError) L.push(`Engine start failed: ${s.engineStartError}`, '');
    for (const f of s.formats) L.push(...formatSection(s, f));
  }
  const notes = join(dirname(fileURLToPath(import.meta.url)), 'FINDINGS.md');
  if (existsSync(notes)) L.push(readFileSync(notes, 'utf8').trim(), '');
  return L.join('\n') + '\n';
}
