/**
 * Imports run one way and never in a circle: core → charts → elements (core
 * imports neither, charts does not import elements), and no module of
 * packages/<name>/src reaches itself again through its imports (type-only
 * imports included: they tie the modules' meaning together just the same).
 * The graph is read from the sources: relative imports and `@crmkit/<name>`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const packages = join(root, 'packages');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return files(p);
    return /\.tsx?$/.test(n) && !n.endsWith('.d.ts') ? [p] : [];
  });
}

const sources = readdirSync(packages)
  .filter((p) => statSync(join(packages, p, 'src'), { throwIfNoEntry: false })?.isDirectory())
  .flatMap((p) => files(join(packages, p, 'src')));
const known = new Set(sources);
/** The package a file belongs to (`core`, `charts`, …). */
const pkg = (file: string) => relative(packages, file).split('/')[0];

/** Specifiers a module imports or re-exports (static and dynamic), comments left out; `typeOnly` for `import type` / `export type`. */
export function imports(text: string): { spec: string; typeOnly: boolean }[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const re = /(?:^|[;\s])(?:import|export)\s([^'"`;]*?)from\s*['"]([^'"]+)['"]|(?:^|[;\s])import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;
  return [...code.matchAll(re)].map((m) => ({ spec: m[2] ?? m[3] ?? m[4], typeOnly: m[1] !== undefined && /^type\s/.test(m[1].trim()) }));
}
export const specifiers = (text: string) => imports(text).map((i) => i.spec);

/** The file a relative specifier names (`./x.js` → `./x.ts`), if it is one of the sources. */
function target(from: string, spec: string): string | undefined {
  const base = resolve(dirname(from), spec);
  const candidates = [base, base.replace(/\.js$/, '.ts'), base.replace(/\.js$/, '.tsx'), `${base}.ts`, join(base, 'index.ts')];
  return candidates.find((c) => known.has(c));
}

/** Each module's imports of other modules, with whether the import is a type-only one. */
const graph = new Map<string, { to: string; typeOnly: boolean }[]>();
const packageEdges = new Map<string, Set<string>>();
for (const f of sources) {
  const out: { to: string; typeOnly: boolean }[] = [];
  for (const { spec, typeOnly } of imports(readFileSync(f, 'utf8'))) {
    if (spec.startsWith('.')) {
      const t = target(f, spec);
      if (t) out.push({ to: t, typeOnly });
    } else if (spec.startsWith('@crmkit/')) {
      const other = spec.split('/')[1];
      if (other !== pkg(f)) packageEdges.set(pkg(f), (packageEdges.get(pkg(f)) ?? new Set()).add(other));
    }
  }
  graph.set(f, out);
}

/** Every circle of the graph (type-only imports counted when `types`), each as the files around it (Tarjan's strongly connected components). */
function cycles(types: boolean): string[][] {
  const next = (v: string) => (graph.get(v) ?? []).filter((e) => types || !e.typeOnly).map((e) => e.to);
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of next(v)) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || next(v).includes(v)) out.push(scc.map((s) => relative(root, s)).sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return out;
}

describe('import graph of packages/*/src', () => {
  it('is read from the sources (the reader sees every kind of import)', () => {
    expect(sources.length).toBeGreaterThan(100);
    expect(specifiers(`import a from './a.js';\nimport type { B } from "../b.js";\nexport { c } from './c.js';\nexport * from './d.js';\nimport './e.js';\nconst f = import('./f.js');\n// import x from './no.js'\n/* import y from './no2.js' */`)).toEqual([
      './a.js',
      '../b.js',
      './c.js',
      './d.js',
      './e.js',
      './f.js',
    ]);
    // model.ts is read: it imports the cache (one way).
    expect(graph.get(join(packages, 'core/src/model.ts'))!.map((e) => e.to)).toContain(join(packages, 'core/src/cache.ts'));
    expect(imports(`import type { A } from './a.js';\nimport { type B, c } from './b.js';\nexport type { D } from './d.js';`).map((i) => i.typeOnly)).toEqual([true, false, true]);
  });

  it('has no import circles through runtime imports', () => {
    expect(cycles(false)).toEqual([]);
  });

  it('has no import circles through type imports either', () => {
    expect(cycles(true)).toEqual([]);
  });

  it('runs one way between packages: core imports no other package, charts does not import elements', () => {
    expect([...(packageEdges.get('core') ?? [])]).toEqual([]);
    expect([...(packageEdges.get('charts') ?? [])].filter((p) => p === 'elements')).toEqual([]);
    // Nothing below elements imports it.
    for (const [from, to] of packageEdges) if (from === 'core' || from === 'charts') expect([...to]).not.toContain('elements');
  });
});
