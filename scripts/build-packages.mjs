#!/usr/bin/env node
/**
 * Builds the publishable packages (`pnpm build`):
 *   1. custom-elements.json from the elements' JSDoc (@custom-elements-manifest/analyzer), and what is derived
 *      from it: the React and Vue typings (packages/elements/src/frameworks/) and docs/elements/<tag>.md;
 *   2. @crmkit/core, @crmkit/charts, @crmkit/elements: ES modules, .d.ts and source maps (tsc,
 *      tsconfig.build.json) in each package's dist/;
 *   3. crmkit: the browser build (vite.lib.config.ts: one module per element, one shared chunk, the engine
 *      loaded on demand, DuckDB's worker and wasm beside them) and its .d.ts, in packages/crmkit/dist/.
 * In the workspace the packages resolve to their sources (package.json "exports"); "publishConfig" swaps in
 * dist/ when a package is packed.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateFromManifest } from './manifest-outputs.mjs';
import { writeEntries } from './crmkit-entries.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules/.bin', name);
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });
const LIBS = ['core', 'charts', 'elements'];

function walk(dir) {
  return readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : [join(dir, f)]));
}

// 0. crmkit's module per element (packages/crmkit/src/<element>.ts).
writeEntries(root);

// 1. The manifest and what is generated from it.
run(bin('cem'), ['analyze', '--config', 'custom-elements-manifest.config.mjs']);
generateFromManifest(root);

// 2. tsc for every package.
const out = join(root, '.build/tsc');
rmSync(out, { recursive: true, force: true });
run(bin('tsc'), ['-p', 'tsconfig.build.json']);

/** Move one package's tsc output to its dist/ (declarations only for crmkit, whose JavaScript is the bundle). */
function place(pkg, declarationsOnly) {
  const from = join(out, pkg, 'src');
  const dist = join(root, 'packages', pkg, 'dist');
  for (const file of walk(from)) {
    if (declarationsOnly && !file.endsWith('.d.ts')) continue;
    const target = join(dist, relative(from, file));
    mkdirSync(dirname(target), { recursive: true });
    if (file.endsWith('.js.map')) {
      // Point the map at the package's own src/ (its text is inside the map too: sourcesContent).
      const map = JSON.parse(readFileSync(file, 'utf8'));
      map.sources = map.sources.map((s) => relative(dirname(target), resolve(dirname(file), s)).replaceAll('\\', '/'));
      writeFileSync(target, JSON.stringify(map));
    } else cpSync(file, target);
  }
}
for (const pkg of [...LIBS, 'crmkit']) rmSync(join(root, 'packages', pkg, 'dist'), { recursive: true, force: true });
for (const pkg of LIBS) place(pkg, false);
// One licence and one changelog for the four packages (they share a version), copied into each.
for (const pkg of [...LIBS, 'crmkit']) for (const f of ['LICENSE', 'CHANGELOG.md']) cpSync(join(root, f), join(root, 'packages', pkg, f));

// 3. The crmkit browser build (packages/crmkit/dist/*.js, the engine files, sizes.{txt,json}), then its declarations.
run(bin('vite'), ['build', '--config', 'vite.lib.config.ts']);
place('crmkit', true);
// The type-only entries (crmkit/react, crmkit/vue) need a module to resolve to at run time too.
for (const f of ['react', 'vue']) writeFileSync(join(root, 'packages/crmkit/dist', `${f}.js`), 'export {};\n');
cpSync(join(root, 'packages/elements/custom-elements.json'), join(root, 'packages/crmkit/custom-elements.json'));
console.log('built: ' + [...LIBS.map((p) => `@crmkit/${p}`), 'crmkit'].join(', '));
