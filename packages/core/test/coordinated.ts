/**
 * A coordinator with one client per analysis, as the widgets are (default options), over rows loaded on a given
 * engine: shared by the Node tests (packages/core/test) and the browser tests (test/browser); no Node or DOM
 * imports here. The caller brings the engine (its own, or one counting the statements sent).
 */
import {
  buildDataset,
  candidateKeys,
  Coordinator,
  LIFECYCLE_FUNNEL,
  loadData,
  PARETO_CURVE,
  PROFIT_MATRIX,
  SEGMENT_PYRAMID,
  toFilter,
  type CoordinatorClient,
  type CoordinatorOptions,
  type Dataset,
  type Engine,
  type SelectionClause,
} from '../src/index.js';

export const ANALYSES = [SEGMENT_PYRAMID, LIFECYCLE_FUNNEL, PARETO_CURVE, PROFIT_MATRIX] as const;
export type Name = (typeof ANALYSES)[number]['name'];
export type Run = (ds: Dataset, o: object, f: unknown) => Promise<unknown>;
export type Pick = (ds: Dataset, o: object, k: unknown, f: unknown) => { predicate: SelectionClause['predicate']; kind: SelectionClause['kind'] };

/**
 * `rows` loaded as `<prefix>transactions` on `e`, a data set built and adopted by a new coordinator with `options`,
 * and one client per analysis connected; with `candidates`, each client offers its groups (worked out ahead).
 * No result is asked for yet: `all()` asks every client's in turn.
 */
export async function coordinated(
  e: Engine,
  rows: Record<string, unknown>[],
  prefix: string,
  options: Omit<CoordinatorOptions, 'prefix'> = {},
  { candidates = true }: { candidates?: boolean } = {},
) {
  const coord = new Coordinator({ prefix, ...options });
  coord.attach(e);
  coord.retire('new-data');
  const tx = await loadData(e, rows, { kind: 'transactions', table: `${prefix}transactions` });
  const ds = await buildDataset(e, { id: prefix, transactions: tx.table, fields: tx.fields, version: 1, cache: coord.cache });
  if (!(await coord.adopt(ds))) throw new Error(`the coordinator did not adopt the data set ${prefix}`);
  const shown = {} as Record<Name, unknown>;
  const clients = {} as Record<Name, CoordinatorClient>;
  for (const a of ANALYSES) {
    const c: CoordinatorClient = {
      clientId: a.name,
      query: (d, f) => (a.run as Run)(d, {}, f),
      queryResult: (v) => (shown[a.name] = v),
      queryKey: () => JSON.stringify([a.name]),
      ...(candidates ? { candidates: async (d: Dataset) => candidateKeys(a.name, shown[a.name]).map((k) => (a.pick as Pick)(d, {}, k, coord.filterFor(a.name))) } : {}),
    };
    clients[a.name] = c;
    coord.connect(c);
  }
  const all = async () => {
    for (const a of ANALYSES) await coord.requestQuery(clients[a.name], new AbortController().signal);
  };
  /** The general path: the analysis over the predicates themselves (no clause table, no kept result). */
  const general = (name: Name, predicates: SelectionClause['predicate'][]) =>
    (ANALYSES.find((x) => x.name === name)!.run as Run)(ds, {}, toFilter(predicates.map((predicate) => ({ predicate }))));
  /** The clause a click on `key` of the `name` widget gives (under the other widgets' clauses). */
  const pickOf = (name: Name, key: unknown) => (ANALYSES.find((x) => x.name === name)!.pick as Pick)(ds, {}, key, coord.filterFor(name));
  return { coord, ds, shown, clients, all, general, pickOf };
}
