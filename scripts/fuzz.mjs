#!/usr/bin/env node
// `pnpm fuzz [--runs N] [--seed S]`: generated CSV and JSON files through the DuckDB-WASM engine in
// headless Chromium (test/browser/fuzz.test.ts), checked against the model of the data rules. Prints how
// many inputs it tried and, on a failure, the shrunk input with the seed and path to replay it.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const arg = (name) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const runs = Number(arg('runs') ?? 20000);
const seed = Number(arg('seed') ?? Math.floor(Math.random() * 2 ** 31));
if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(seed)) {
  console.error('usage: pnpm fuzz [--runs N] [--seed S]');
  process.exit(2);
}
console.log(`fuzz: ${runs} inputs, seed ${seed}`);
const child = spawn('npx', ['web-test-runner', '--config', 'scripts/fuzz.config.mjs'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, FUZZ_RUNS: String(runs), FUZZ_SEED: String(seed), WTR_PORT: process.env.WTR_PORT ?? '8400' },
});
child.on('exit', (code) => process.exit(code ?? 1));
