/**
 * The benchmark report's targets (bench/report.ts targetRows) worked out from a
 * hand-made run with known figures: each verdict checked against the
 * arithmetic written beside it.
 */
import { describe, expect, it } from 'vitest';
import { clicksByKind, rangesAtOnce, report, targetRows, type BenchResults, type FormatResult, type TargetRow } from '../../bench/report.js';

const machine = { loadavg: [1, 1, 1], cpus: 2, totalMemBytes: 8e9, freeMemBytes: 4e9, chromiumProcesses: 0, at: '2026-11-30T05:00:00.000Z' };
const clicks = (from: string, xs: number[]) => xs.map((ms) => ({ ms, activate: 5, from }));
const four = (p: number, f: number, c: number, m: number) => ({ pyramid: [p, p, p], funnel: [f, f, f], pareto: [c, c, c], matrix: [m, m, m] });

const parquet: FormatResult = {
  format: 'parquet',
  file: '/data/1m/x.parquet',
  bytes: 30e6,
  paths: {
    widgets: {
      // Sorted, the 10 times are 5 6 7 8 9 10 15 20 25 40: p95 = the ⌈0.95 · 10⌉ = 10th = 40 ms > 30 ms → missed.
      // The 40 ms one is a range pressed then released; the range selected at once (300 ms) is not in the target.
      cross: [...clicks('crm-segment-pyramid', [10, 20]), ...clicks('crm-lifecycle-funnel', [15]), ...clicks('crm-profit-matrix', [25])],
      rangeDrags: [{ ms: 40, ahead: 120, from: 2, to: 101 }],
      // At once, no press: p95 of 300 alone = 300 ms > 30 → missed (its own row).
      rangeClicks: [{ ms: 300, from: 1, to: 100 }],
      clears: [5, 6, 7, 8, 9],
      crossMismatches: [],
      // Median of 1100, 1300, 1000 = 1100 ms ≤ 1200 → met. Longest load tasks 0, 80, 0: median 0 ≤ 50 → met.
      render: [
        { total: 1100, load: 800, widgets: 300, longestTask: 0, longestLoadTask: 0 },
        { total: 1300, load: 900, widgets: 400, longestTask: 80, longestLoadTask: 80 },
        { total: 1000, load: 700, widgets: 300, longestTask: 0, longestLoadTask: 0 },
      ],
      peakRendererRss: 900e6,
    },
    // Median of 2400, 2600, 2300 = 2400 ms ≤ 2500 → met.
    cold: { runs: [{ total: 2400, engine: 900 }, { total: 2600, engine: 1000 }, { total: 2300, engine: 800 }], peakRendererRss: 950e6 },
    crmkit: {
      // Load total median 1000 ms; the four analyses 30 + 20 + 40 + 60 = 150 ms per run: whole path 1150 ms.
      load: { runs: [900, 1000, 1100].map((total) => ({ total, dataset: 200, phases: {} })) },
      queries: { times: four(30, 20, 40, 60) },
    },
    // crmkit ÷ native: 30/20 = 1.5, 20/20 = 1.0, 40/40 = 1.0, 60/50 = 1.2: at most 1.5 → met.
    native: { load: [300, 300, 300], model: [100, 100, 100], queries: four(20, 20, 40, 50) },
    // Arquero: load total 2000 + 100 + 100 + 100 + 100 = 2400 ms > 1150 → crmkit faster (2400 / 1150 = 2.1×) → met.
    arquero: { load: [2000, 2000, 2000].map((total) => ({ total, facts: 500 })), times: four(100, 100, 100, 100) },
    // Plain TypeScript: 1000 + 4 × 10 = 1040 ms < 1150 → missed (1040 / 1150 = 0.9×).
    plain: { load: [1000, 1000, 1000].map((total) => ({ total, facts: 300 })), times: four(10, 10, 10, 10) },
  },
};

const csv: FormatResult = {
  format: 'csv',
  file: '/data/1m/x.csv',
  bytes: 80e6,
  paths: {
    widgets: {
      // 20 times; sorted: twelve 5s, 12 13 14 15 16 17 28 45: p95 = the ⌈0.95 · 20⌉ = 19th = 28 ms ≤ 30 → met,
      // though one Pareto range pressed then released took 45 ms.
      cross: [...clicks('crm-segment-pyramid', [12, 13]), ...clicks('crm-lifecycle-funnel', [14, 15]), ...clicks('crm-profit-matrix', [16, 17])],
      rangeDrags: [{ ms: 28, ahead: 90, from: 2, to: 11 }, { ms: 45, ahead: 95, from: 12, to: 21 }],
      // At once, no press: sorted 20 25, p50 = the ⌈0.5 · 2⌉ = 1st = 20 ms, p95 = the 2nd = 25 ms ≤ 30 → met.
      rangeClicks: [{ ms: 25, from: 1, to: 10 }, { ms: 20, from: 11, to: 20 }],
      clears: Array(12).fill(5),
      crossMismatches: [],
      // Median of 1500, 1250, 1300 = 1300 ms > 1200 → missed.
      render: [1500, 1250, 1300].map((total) => ({ total, load: total - 300, widgets: 300, longestTask: 0, longestLoadTask: 0 })),
    },
    mosaic: {
      // Marks of the widgets: 12..17 → p50 = the 3rd = 14, p95 = the 6th = 17; Mosaic 20, 30, 40 → p50 30, p95 40: ahead → met.
      cross: [20, 30, 40].map((ms) => ({ ms, activate: 40, from: 'tier' })),
      render: [{ total: 900, load: 600, customers: 200, views: 100, longestTask: 0 }],
    },
    crmkit: { load: { runs: [{ total: 1000, dataset: 200, phases: {} }] }, queries: { times: four(30, 20, 40, 60) } },
    // 30/20 = 1.5, 20/10 = 2.0 → missed.
    native: { load: [300], model: [100], queries: four(20, 10, 40, 50) },
    arquero: { error: 'the tab crashed (renderer out of memory or killed)' },
  },
};

const results: BenchResults = {
  date: '2026-11-30',
  started: '2026-11-30T05:00:00.000Z',
  machine,
  chromium: '156',
  node: 'v20',
  options: {},
  sizes: [
    { size: '1m', target: 1_000_000, runs: 3, machineBefore: machine, formats: [parquet, csv] },
    // The funnel on 10 M events, no transactions files: first 2100 ms > 2000 → missed.
    { size: '10m', target: 10_000_000, runs: 2, machineBefore: machine, funnel: { times: [2100, 1500] }, formats: [] },
  ],
};

const rows = targetRows(results);
const row = (target: string, where: string): TargetRow => {
  const r = rows.filter((x) => x.target.startsWith(target) && x.where === where);
  expect(r, `${target} @ ${where}`).toHaveLength(1);
  return r[0];
};

describe('benchmark targets from a run', () => {
  it('sorts clicks by kind', () => {
    const k = clicksByKind(parquet.paths.widgets);
    expect(k).toEqual({ tiers: [10, 20], stages: [15], quadrants: [25], 'Pareto ranges pressed then released': [40], clearing: [5, 6, 7, 8, 9] });
    expect(rangesAtOnce(parquet.paths.widgets)).toEqual([300]);
  });

  it('Pareto ranges: pressed then released in the click target, selected at once on a line of their own', () => {
    const pq = row('Cross-filter click → every widget updated, p95 ≤ 30 ms', '1 M · Parquet');
    expect(pq.target).toContain("a user's click on the curve presses first");
    expect(pq.measured).toContain('Pareto ranges pressed then released 40 ms (1)');
    // The 300 ms range selected at once would be the p95 if it counted; it does not.
    expect(pq.measured).not.toContain('300');
    const once = row('Pareto range selected at once, with no press before it', '1 M · Parquet');
    expect(once.target).toContain('not in the click target');
    expect(once).toMatchObject({ measured: 'p50 300 ms, p95 **300 ms** (1)', verdict: 'missed' });
    expect(row('Pareto range selected at once, with no press before it', '1 M · CSV')).toMatchObject({ measured: 'p50 20 ms, p95 **25 ms** (2)', verdict: 'met' });
    const text = report(results);
    expect(text).toContain('a Pareto range of ranks pressed or dragged, then released → every widget updated p50 **40 ms**, p95 **40 ms** (1 ranges; while the pointer was down, the range worked out ahead p50 120 ms, p95 120 ms');
    expect(text).toContain('a Pareto range of ranks selected at once with no press (programmatic) → every widget updated p50 **300 ms**, p95 **300 ms** (1 ranges)');
  });

  it('cross-filter p95 over every kind of click, per format, and against Mosaic', () => {
    const pq = row('Cross-filter click → every widget updated, p95 ≤ 30 ms', '1 M · Parquet');
    expect(pq.verdict).toBe('missed');
    expect(pq.measured).toContain('overall p95 **40 ms** (10)');
    expect(pq.measured).toContain('tiers 20 ms (2)');
    expect(pq.measured).toContain('clearing 9.0 ms (5)');
    const c = row('Cross-filter click → every widget updated, p95 ≤ 30 ms', '1 M · CSV');
    expect(c.verdict).toBe('met');
    expect(c.measured).toContain('overall p95 **28 ms** (20)');
    expect(c.measured).toContain('Pareto ranges pressed then released 45 ms (2)');
    // The run's 10 M is the funnel alone: no widgets there.
    expect(row('Cross-filter click → every widget updated, p95 ≤ 100 ms', '10 M · Parquet')).toMatchObject({ verdict: 'not measured', measured: 'not in this run' });
    const m = row("Cross-filter click ahead of Mosaic's", '1 M · CSV');
    expect(m.verdict).toBe('met');
    expect(m.measured).toBe('crmkit p50 14 ms / p95 17 ms (6); Mosaic p50 30 ms / p95 40 ms (3)');
  });

  it('a click set without Pareto ranges or clearing is not enough to meet the target', () => {
    const partial: BenchResults = { ...results, sizes: [{ ...results.sizes[0], formats: [{ ...parquet, paths: { widgets: { cross: clicks('crm-segment-pyramid', [10, 12]) } } }] }] };
    const r = targetRows(partial).find((x) => x.target.startsWith('Cross-filter click → every widget updated, p95 ≤ 30 ms') && x.where === '1 M · Parquet')!;
    expect(r.verdict).toBe('not measured');
    expect(r.measured).toContain('not measured: stages, quadrants, Pareto ranges pressed then released, clearing');
    // 10 M is not in that run at all: every 10 M row says so.
    const at10 = targetRows(partial).filter((x) => x.where.startsWith('10 M'));
    expect(at10.length).toBeGreaterThan(0);
    expect(at10.every((x) => x.verdict === 'not measured' && x.measured === 'size not in this run')).toBe(true);
  });

  it('drawing with the engine up, from a cold page, and at 10 M', () => {
    expect(row('1 M file → four widgets drawn ≤ 1.2 s', '1 M · Parquet')).toMatchObject({ verdict: 'met', measured: '**1.10 s (1.00 s–1.30 s)**' });
    expect(row('1 M file → four widgets drawn ≤ 1.2 s', '1 M · CSV')).toMatchObject({ verdict: 'missed', measured: '**1.30 s (1.25 s–1.50 s)**' });
    expect(row('1 M file → four widgets drawn ≤ 2.5 s from a cold page', '1 M · Parquet')).toMatchObject({ verdict: 'met', measured: '**2.40 s (2.30 s–2.60 s)**' });
    expect(row('1 M file → four widgets drawn ≤ 2.5 s from a cold page', '1 M · CSV').verdict).toBe('not measured');
    expect(row('10 M file → four widgets drawn ≤ 10 s', '10 M · Parquet')).toMatchObject({ verdict: 'not measured', measured: 'not in this run' });
  });

  it('longest main-thread task while loading: the median of the loads', () => {
    expect(row('Longest main-thread task while loading', '1 M · Parquet')).toMatchObject({ verdict: 'met', measured: 'none over 50 ms; each load: none over 50 ms, 80 ms, none over 50 ms' });
  });

  it('each analysis against native DuckDB, and the whole path against Arquero and plain TypeScript', () => {
    expect(row('Each analysis within 1.5× of native', '1 M · Parquet')).toMatchObject({ verdict: 'met', measured: 'pyramid 1.5×, funnel 1.0×, pareto 1.0×, matrix 1.2×' });
    expect(row('Each analysis within 1.5× of native', '1 M · CSV').verdict).toBe('missed');
    expect(row('Whole path faster than Arquero', '1 M · Parquet')).toMatchObject({ verdict: 'met', measured: 'crmkit 1.15 s, Arquero 2.40 s (2.1×)' });
    expect(row('Whole path faster than plain TypeScript', '1 M · Parquet')).toMatchObject({ verdict: 'missed', measured: 'crmkit 1.15 s, plain TypeScript 1.04 s (0.9×)' });
    // Arquero's tab crashed where crmkit finished.
    expect(row('Whole path faster than Arquero', '1 M · CSV')).toMatchObject({ verdict: 'met', measured: 'crmkit 1.15 s; Arquero: failed: the tab crashed (renderer out of memory or killed)' });
    expect(row('Whole path faster than plain TypeScript', '1 M · CSV').verdict).toBe('not measured');
  });

  it('the funnel when its path ran; predicted value only when its path ran', () => {
    expect(row('Conversion funnel on 10 M events', '10 M')).toMatchObject({ verdict: 'missed', measured: 'first 2.10 s, then 1.50 s' });
    expect(rows.some((x) => x.target.startsWith('Predicted value'))).toBe(false);
  });

  it('renders one table row per target row, with the verdict', () => {
    const md = report(results);
    const table = md.slice(md.indexOf('## Targets'), md.indexOf('## 1m'));
    expect(table.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| target')).length).toBe(rows.length);
    expect(table).toContain('| 1 M · Parquet | **1.10 s (1.00 s–1.30 s)** | met |');
    expect(table).toContain('| 1 M · CSV | **1.30 s (1.25 s–1.50 s)** | **missed** |');
  });
});
