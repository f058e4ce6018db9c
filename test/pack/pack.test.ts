/**
 * crmkit as a user gets it: the four packages packed with `pnpm pack`, the tarballs installed into three blank
 * projects, each type-checked with tsc and opened in Chromium with every request to a host other than 127.0.0.1
 * aborted:
 *   - plain HTML with an import map, no bundler: the dashboard (`import 'crmkit'`), and a one-widget page
 *     (`import 'crmkit/pareto-curve'`) that must fetch only its own modules, then the engine on demand;
 *   - a Vite + TypeScript app (`vite build`, served as built), which also type-checks the Vue typings;
 *   - a React 19 app written in JSX (`<crm-dashboard … oncrm-load={…} />`), type-checked with the JSX typings.
 * Dependencies come from the local pnpm store (`--prefer-offline`), the registry only for what is missing.
 * Expected numbers are computed here from datasets/cdnow/cdnow_transactions.csv (an independent path from DuckDB).
 *
 *   pnpm test:pack     (part of pnpm test; builds the packages first)
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { serve } from '../e2e/server.js';

const root = resolve(import.meta.dirname, '../..');
const cdnow = join(root, 'datasets/cdnow/cdnow_transactions.csv');

// ---------------------------------------------------------------- expected numbers, from the CSV itself

const tx = readFileSync(cdnow, 'utf8').trim().split(/\r?\n/).slice(1).map((l) => {
  const [id, date, , amount] = l.split(',');
  return { id, date, amount: Number(amount) };
});
const fmt = (n: number) => n.toLocaleString('en-US');
const ROWS = tx.length; // 69,659
const byCustomer = new Map<string, number>();
for (const t of tx) byCustomer.set(t.id, (byCustomer.get(t.id) ?? 0) + t.amount);
const CUSTOMERS = byCustomer.size; // 23,570
// KPI window: the 365 days before the as-of date (the day after the last order, 1998-07-01).
const WINDOW_ACTIVE = new Set(tx.filter((t) => t.date >= '1997-07-01' && t.date < '1998-07-01').map((t) => t.id)).size;
// Pareto: the top 20 % of customers by revenue and their share of all revenue.
const revenues = [...byCustomer.values()].sort((a, b) => b - a);
const TOP20_SHARE = (100 * revenues.slice(0, Math.round(CUSTOMERS * 0.2)).reduce((s, x) => s + x, 0)) / revenues.reduce((s, x) => s + x, 0);
const LOADED = `Loaded ${fmt(ROWS)} transactions, ${fmt(CUSTOMERS)} customers.`;

// ---------------------------------------------------------------- packing and installing

const work = mkdtempSync(join(tmpdir(), 'crmkit-pack-'));
const packs = join(work, 'packs');
const PACKAGES = { '@crmkit/core': 'core', '@crmkit/charts': 'charts', '@crmkit/elements': 'elements', crmkit: 'crmkit' } as const;
const tarball: Record<string, string> = {};
/** The versions the repository itself is tested with (already in the pnpm store). */
const version = (name: string) => (JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
function run(cmd: string, args: string[], cwd: string): string {
  try {
    return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const { stdout, stderr } = e as { stdout?: string; stderr?: string };
    throw new Error(`${cmd.split('/').pop()} ${args.join(' ')} failed in ${cwd}:\n${stdout ?? ''}${stderr ?? ''}`);
  }
}
const execAsync = promisify(execFile);
async function runAsync(cmd: string, args: string[], cwd: string): Promise<void> {
  try {
    await execAsync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 64 << 20 });
  } catch (e) {
    const { stdout, stderr } = e as { stdout?: string; stderr?: string };
    throw new Error(`${cmd.split('/').pop()} ${args.join(' ')} failed in ${cwd}:\n${stdout ?? ''}${stderr ?? ''}`);
  }
}

/** A blank project: package.json with the crmkit tarball and `devDependencies`, its own files, installed. */
async function project(name: string, devDependencies: string[], files: Record<string, string>): Promise<string> {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  const pkg = { name: `blank-${name}`, private: true, type: 'module', dependencies: { crmkit: `file:${tarball.crmkit}` }, devDependencies: Object.fromEntries(devDependencies.map((d) => [d, version(d)])) };
  writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
  // The packed @crmkit/* packages stand in for the registry's (crmkit depends on them by version).
  writeFileSync(join(dir, 'pnpm-workspace.yaml'), `overrides:\n${Object.keys(PACKAGES).filter((p) => p !== 'crmkit').map((p) => `  '${p}': file:${tarball[p]}`).join('\n')}\nallowBuilds:\n  esbuild: false\n`);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  await runAsync('pnpm', ['install', '--prefer-offline', '--config.confirmModulesPurge=false'], dir);
  return dir;
}

const tsconfig = (extra: Record<string, unknown> = {}, include = ['src']) =>
  JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'bundler', strict: true, noEmit: true, skipLibCheck: false, lib: ['ES2023', 'DOM', 'DOM.Iterable'], types: [], ...extra }, include });
const tsc = (dir: string) => runAsync(join(dir, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json'], dir);
const viteBuild = (dir: string) => runAsync(join(dir, 'node_modules/.bin/vite'), ['build'], dir);

// ---------------------------------------------------------------- the three projects, set up side by side

/** Plain HTML, no bundler: the dashboard with an import map, and a one-widget page. */
async function htmlProject(): Promise<string> {
  const page = (body: string, script: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>crmkit</title>
<script type="importmap">{ "imports": { "crmkit": "./node_modules/crmkit/dist/crmkit.js", "crmkit/": "./node_modules/crmkit/dist/" } }</script>
<script type="module">
${script}
document.body.addEventListener('crm-load', (e) => { document.querySelector('#status').textContent = 'Loaded ' + e.detail.rows.toLocaleString('en-US') + ' transactions, ' + e.detail.customers.toLocaleString('en-US') + ' customers.'; });
</script></head>
<body><p id="status">Loading…</p>${body}</body></html>`;
  const dir = await project('html', ['typescript'], {
    'index.html': page('<crm-dashboard src="./cdnow.csv"></crm-dashboard>', "import 'crmkit';"),
    // An import map adds no extension: "crmkit/" + "pareto-curve.js" (the same specifier works in a bundler).
    'one.html': page('<crm-source id="shop" src="./cdnow.csv"></crm-source><crm-pareto-curve source="shop"></crm-pareto-curve>', "import 'crmkit/pareto-curve.js';"),
    // What an author's own script would write against the element types.
    'src/check.ts': `import 'crmkit/pareto-curve.js';
import { setAssetBase, type CrmLoadDetail } from 'crmkit';
const curve = document.createElement('crm-pareto-curve');
curve.cut = 0.1;
curve.by = 'revenue';
const source = document.querySelector('crm-source')!;
source.addEventListener('crm-load', (e) => console.log((e as CustomEvent<CrmLoadDetail>).detail.customers));
setAssetBase('/engine/');
// @ts-expect-error no such property
curve.cutoff = 0.1;
`,
    // Every declaration file checked here (skipLibCheck off): the packages' .d.ts must stand on their own.
    'tsconfig.json': tsconfig(),
  });
  copyFileSync(cdnow, join(dir, 'cdnow.csv'));
  await tsc(dir);
  return dir;
}

/** A blank Vite + TypeScript app, built; it also type-checks the Vue typings. */
async function viteProject(): Promise<string> {
  const dir = await project('vite', ['vite', 'typescript', 'vue'], {
    'index.html': `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Vite + crmkit</title><script type="module" src="/src/main.ts"></script></head>
<body><p id="status">Loading…</p><crm-dashboard src="./cdnow.csv"></crm-dashboard></body></html>`,
    'src/main.ts': `import 'crmkit';
import type { CrmLoadDetail } from 'crmkit';
document.querySelector('crm-dashboard')!.addEventListener('crm-load', (e) => {
  const d = (e as CustomEvent<CrmLoadDetail>).detail;
  document.querySelector('#status')!.textContent = \`Loaded \${d.rows.toLocaleString('en-US')} transactions, \${d.customers.toLocaleString('en-US')} customers.\`;
});
`,
    // Vue's GlobalComponents: what a template's <crm-source src="…"> is checked against.
    'src/vue-check.ts': `import type { GlobalComponents } from 'vue';
import type {} from 'crmkit/vue';
type SourceProps = InstanceType<GlobalComponents['crm-source']>['$props'];
type CurveProps = InstanceType<GlobalComponents['crm-pareto-curve']>['$props'];
export const ok: SourceProps = { src: 'orders.csv', 'on-invalid': 'skip' };
export const curve: CurveProps = { source: 'shop', cut: 0.2 };
// @ts-expect-error src is a URL, not a number
export const bad: SourceProps = { src: 42 };
`,
    'tsconfig.json': tsconfig({ types: ['vite/client'], skipLibCheck: true }),
  });
  mkdirSync(join(dir, 'public'));
  copyFileSync(cdnow, join(dir, 'public/cdnow.csv'));
  await tsc(dir);
  await viteBuild(dir);
  const built = readdirSync(join(dir, 'dist/assets'));
  assert.ok(built.some((f) => f.endsWith('.wasm')) && built.some((f) => f.includes('worker')), `Vite emitted the engine files: ${built.join(', ')}`);
  return dir;
}

/** A blank React 19 app in JSX, built with Vite. */
async function reactProject(): Promise<string> {
  const dir = await project('react', ['vite', 'typescript', 'react', 'react-dom', '@types/react', '@types/react-dom'], {
    'index.html': `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>React + crmkit</title><script type="module" src="/src/main.tsx"></script></head>
<body><div id="root"></div></body></html>`,
    'src/main.tsx': `import { useState } from 'react';
import { createRoot } from 'react-dom/client';
import 'crmkit';
import type {} from 'crmkit/react';
import type { CrmLoadDetail } from 'crmkit';

function App() {
  const [loaded, setLoaded] = useState<CrmLoadDetail | null>(null);
  return (
  <main>
    <p id="status">{loaded ? \`Loaded \${loaded.rows.toLocaleString('en-US')} transactions, \${loaded.customers.toLocaleString('en-US')} customers.\` : 'Loading…'}</p>
    <crm-dashboard src="./cdnow.csv" currency="USD" oncrm-load={(e) => setLoaded(e.detail)} />
  </main>
  );
}

// The typings are real: a wrong value is an error.
// @ts-expect-error cut is a number (or its text)
export const wrong = <crm-pareto-curve source="shop" cut={{ share: 0.2 }} />;

createRoot(document.getElementById('root')!).render(<App />);
`,
    'tsconfig.json': tsconfig({ jsx: 'react-jsx', types: ['vite/client'], skipLibCheck: true }),
  });
  mkdirSync(join(dir, 'public'));
  copyFileSync(cdnow, join(dir, 'public/cdnow.csv'));
  await tsc(dir);
  await viteBuild(dir);
  return dir;
}

// ---------------------------------------------------------------- the browser

let browser: Browser;
let ready: Record<'html' | 'vite' | 'react', Promise<string>>;
const blocked: string[] = [];

/** Open `url` with the network blocked; returns the page and every URL it requested, in order. */
async function open(url: string): Promise<{ page: Page; requests: string[]; errors: string[] }> {
  const context = await browser.newContext();
  await context.route('**/*', (route) => {
    if (new URL(route.request().url()).hostname === '127.0.0.1') return route.continue();
    blocked.push(route.request().url());
    return route.abort('internetdisconnected');
  });
  const page = await context.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(url);
  return { page, requests, errors };
}

/** The text of the page, shadow roots included. */
const DEEP_TEXT = `(() => {
  const parts = [];
  const walk = (node) => {
    for (const e of node.querySelectorAll('*')) {
      if (e.shadowRoot) { parts.push(e.shadowRoot.textContent); walk(e.shadowRoot); }
    }
  };
  parts.push(document.body.textContent);
  walk(document);
  return parts.join(' ').replace(/\\s+/g, ' ');
})()`;

async function waitForText(page: Page, wanted: string[], timeout = 90_000): Promise<string> {
  const t0 = Date.now();
  let text = '';
  while (Date.now() - t0 < timeout) {
    text = (await page.evaluate(DEEP_TEXT)) as string;
    if (wanted.every((w) => text.includes(w))) return text;
    await page.waitForTimeout(250);
  }
  throw new Error(`page never showed ${JSON.stringify(wanted.filter((w) => !text.includes(w)))}: ${text.slice(0, 600)}`);
}

/** The dashboard's numbers on CDNOW: the page's own crm-load line, the KPI tiles, the Pareto share. */
async function checkDashboard(url: string) {
  const { page, errors } = await open(url);
  const text = await waitForText(page, [LOADED, fmt(WINDOW_ACTIVE), `${TOP20_SHARE.toFixed(1)}%`]);
  assert.ok(text.includes(`${fmt(ROWS)} transactions · ${fmt(CUSTOMERS)} customers`), 'the source states rows and customers');
  assert.deepEqual(errors, [], 'no errors on the page');
  await page.context().close();
}

before(async () => {
  run(process.execPath, [join(root, 'scripts/build-packages.mjs')], root);
  mkdirSync(packs);
  for (const [name, dir] of Object.entries(PACKAGES)) {
    run('pnpm', ['pack', '--pack-destination', packs], join(root, 'packages', dir));
    const file = readdirSync(packs).find((f) => f.startsWith(name.replace('@', '').replace('/', '-') + '-0'));
    assert.ok(file, `packed ${name}`);
    tarball[name] = join(packs, file);
  }
  // Install, type-check and build the three projects at once; each test waits for its own.
  ready = { html: htmlProject(), vite: viteProject(), react: reactProject() };
  for (const p of Object.values(ready)) p.catch(() => undefined);
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
});

after(async () => {
  await browser?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('the packed packages', () => {
  it('ship built ES modules, declarations, source maps, the manifest, the licence and no sources', () => {
    for (const [name, file] of Object.entries(tarball)) {
      const files = run('tar', ['-tzf', file], work).split('\n').filter(Boolean);
      const pkg = JSON.parse(run('tar', ['-xzOf', file, 'package/package.json'], work)) as { exports: Record<string, unknown>; types: string; sideEffects: unknown; dependencies?: Record<string, string> };
      assert.ok(files.includes('package/LICENSE') && files.includes('package/CHANGELOG.md') && files.includes('package/README.md'), `${name}: LICENSE, CHANGELOG, README`);
      assert.ok(!files.some((f) => f.startsWith('package/src/')), `${name}: no TypeScript sources`);
      assert.ok(files.includes(`package/${pkg.types.slice(2)}`), `${name}: its types file ${pkg.types} is in the tarball`);
      assert.ok(!JSON.stringify(pkg.exports).includes('.ts"') || JSON.stringify(pkg.exports).includes('.d.ts'), `${name}: exports point at dist`);
      assert.ok(!JSON.stringify(pkg.exports).includes('/src/'), `${name}: no export points at src/`);
      assert.ok(!Object.values(pkg.dependencies ?? {}).some((v) => v.startsWith('workspace:')), `${name}: no workspace: ranges`);
      assert.ok(files.some((f) => f.endsWith('.js.map')), `${name}: source maps`);
      if (name !== '@crmkit/core' && name !== '@crmkit/charts') assert.ok(files.includes('package/custom-elements.json'), `${name}: custom-elements.json`);
      if (name === 'crmkit') for (const f of ['dist/duckdb-eh.wasm', 'dist/duckdb-browser-eh.worker.js', 'dist/THIRD-PARTY-NOTICES.txt', 'sample/orders.csv']) assert.ok(files.includes(`package/${f}`), `crmkit ships ${f}`);
    }
  });

  it('work in a plain HTML page with an import map (no bundler), and a one-widget page loads only its part of the kit', async () => {
    const dir = await ready.html;
    const { url } = await serve(dir);
    await checkDashboard(`${url}/index.html`);

    // One widget: its entry, the shared chunk and its own part; then, when the source starts, the engine.
    const sizes = JSON.parse(readFileSync(join(dir, 'node_modules/crmkit/dist/sizes.json'), 'utf8')) as { oneWidget: { firstPaint: { files: string[] }; engineModules: { files: string[] } } };
    const { page: one, requests, errors } = await open(`${url}/one.html`);
    await waitForText(one, [LOADED, `${TOP20_SHARE.toFixed(1)}%`]);
    assert.deepEqual(errors, []);
    const js = requests.filter((r) => r.includes('/node_modules/crmkit/dist/') && r.endsWith('.js')).map((r) => r.split('/node_modules/crmkit/dist/')[1]);
    assert.deepEqual(new Set(js), new Set([...sizes.oneWidget.firstPaint.files, ...sizes.oneWidget.engineModules.files, 'duckdb-browser-eh.worker.js']), 'exactly the modules sizes.json counts');
    assert.ok(!js.some((f) => /parts\/(profit-matrix|segment-pyramid|lifecycle-funnel|kpis|customer-card|customer-list|dashboard)\.js/.test(f)), `no other element's code: ${js.join(', ')}`);
    assert.ok(js.indexOf('engine-code.js') > js.indexOf('parts/pareto-curve.js'), 'the engine module after the element (on demand)');
    await one.context().close();

    // The sample page that ships in the package, as a reader of the README would open it.
    const sample = readFileSync(join(dir, 'node_modules/crmkit/sample/orders.csv'), 'utf8').trim().split(/\r?\n/).slice(1);
    const sampleCustomers = new Set(sample.map((l) => l.split(',')[1])).size;
    const { page: s, errors: sampleErrors } = await open(`${url}/node_modules/crmkit/sample/index.html`);
    await waitForText(s, [`${fmt(sample.length)} transactions · ${fmt(sampleCustomers)} customers`]);
    assert.deepEqual(sampleErrors, [], 'the sample page shows no errors');
    await s.context().close();
  });

  it('work in a blank Vite + TypeScript app (built), with the Vue typings', async () => {
    const dir = await ready.vite;
    const built = readdirSync(join(dir, 'dist/assets'));
    assert.ok(built.some((f) => f.endsWith('.wasm')) && built.some((f) => f.includes('worker')), `Vite emitted the engine files: ${built.join(', ')}`);
    const { url } = await serve(join(dir, 'dist'));
    await checkDashboard(`${url}/index.html`);
  });

  it('work in a blank React 19 app written in JSX, type-checked against the JSX typings', async () => {
    const dir = await ready.react;
    const { url } = await serve(join(dir, 'dist'));
    await checkDashboard(`${url}/index.html`);
  });

  it('never reached beyond 127.0.0.1', () => {
    assert.deepEqual(blocked, []);
  });
});
