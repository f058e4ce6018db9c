import { createNodeEngine, type NodeEngine } from '../src/engines/node.js';

let shared: Promise<NodeEngine> | undefined;
/** One real DuckDB engine per test file. */
export function engine(): Promise<NodeEngine> {
  return (shared ??= createNodeEngine());
}
