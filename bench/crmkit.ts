/**
 * crmkit's four analyses through any Engine (DuckDB-WASM in the page, native
 * DuckDB in Node): each one's `run…` function timed, and its result reduced
 * to the figures compared across paths.
 */
import type { Dataset } from '../packages/core/src/model.js';
import { runSegmentPyramid } from '../packages/core/src/metrics/segment-pyramid.js';
import { runLifecycleFunnel } from '../packages/core/src/metrics/lifecycle-funnel.js';
import { runParetoCurve } from '../packages/core/src/metrics/pareto-curve.js';
import { runProfitMatrix } from '../packages/core/src/metrics/profit-matrix.js';
import type { FunnelSummary, MatrixSummaryCheck, ParetoSummaryCheck, PyramidSummary, Summaries } from './analyses.js';

export const ANALYSES = ['pyramid', 'funnel', 'pareto', 'matrix'] as const;
export type Analysis = (typeof ANALYSES)[number];

const now = () => performance.now();

export async function crmkitPyramid(ds: Dataset): Promise<PyramidSummary> {
  const r = await runSegmentPyramid(ds);
  return { tiers: r.tiers.map((t) => ({ tier: t.tier, customers: t.customers, value: t.value })) };
}

export async function crmkitFunnel(ds: Dataset): Promise<FunnelSummary> {
  const r = await runLifecycleFunnel(ds);
  return { stages: r.stages.map((s) => ({ stage: s.stage, customers: s.customers, revenue: s.revenue })) };
}

export async function crmkitPareto(ds: Dataset): Promise<ParetoSummaryCheck> {
  const r = await runParetoCurve(ds);
  if (!r) throw new Error('no customers');
  const s = r.summary;
  return { n: s.n, total: s.total, kCut: s.kCut, topShare: s.topShare, kTarget: s.kTarget, gini: s.gini, points: r.series.length };
}

export async function crmkitMatrix(ds: Dataset): Promise<MatrixSummaryCheck> {
  const r = await runProfitMatrix(ds);
  return {
    n: r.n,
    xSplit: r.xSplit,
    ySplit: r.ySplit,
    profitSplit: r.profitSplit,
    quadrants: r.quadrants.map((q) => ({ quadrant: q.quadrant, n: q.n, revenue: q.revenue })),
    overServed: r.overServed.n,
    underServed: r.underServed.n,
    bins: r.bins.length,
    binned: r.bins.reduce((a, b) => a + b.n, 0),
  };
}

const RUNNERS: { [K in Analysis]: (ds: Dataset) => Promise<Summaries[K]> } = {
  pyramid: crmkitPyramid,
  funnel: crmkitFunnel,
  pareto: crmkitPareto,
  matrix: crmkitMatrix,
};

/** Run each analysis `runs` times; times in ms per analysis, and the last results. */
export async function timeAnalyses(ds: Dataset, runs: number): Promise<{ times: Record<Analysis, number[]>; summaries: Summaries }> {
  const times = { pyramid: [], funnel: [], pareto: [], matrix: [] } as Record<Analysis, number[]>;
  const summaries = {} as Record<Analysis, unknown>;
  for (let r = 0; r < runs; r++) {
    for (const a of ANALYSES) {
      const t0 = now();
      summaries[a] = await RUNNERS[a](ds);
      times[a].push(now() - t0);
    }
  }
  return { times, summaries: summaries as unknown as Summaries };
}
