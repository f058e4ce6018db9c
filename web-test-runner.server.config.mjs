// Browser tests against a crmkit server: the base configuration, plus a crmkit server on the bundled
// CDNOW data started for the run (packages/server, native DuckDB) and its URL at /__crmkit-server.json.
// Beside the raw data set `cdnow` it serves `cdnow-facts`: CDNOW's per-customer table as a warehouse would
// export it (docs/warehouse.sql's CDNOW form, written here by native DuckDB), served as the data set's facts.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import base from './web-test-runner.config.mjs';

const wtrPort = Number(process.env.WTR_PORT) || 8000;
const serverPort = Number(process.env.CRMKIT_TEST_SERVER_PORT) || wtrPort + 1;
const serverUrl = `http://127.0.0.1:${serverPort}`;
let child;

async function waitForHealth(deadline) {
  while (Date.now() < deadline) {
    try {
      const r = await fetch(`${serverUrl}/health`);
      if (r.ok) return;
    } catch {
      /* not yet */
    }
    if (child.exitCode !== null) throw new Error(`the crmkit server stopped (exit ${child.exitCode})`);
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the crmkit server did not start in time');
}

const crmkitServer = {
  name: 'crmkit-server',
  async serverStart() {
    const work = `${base.rootDir}/datasets/generated/server-browser-test`;
    const cdnow = `${base.rootDir}/datasets/cdnow/cdnow_transactions.csv`;
    mkdirSync(work, { recursive: true });
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    // CDNOW has no order ids, costs or quantities' costs: every row is an order (warehouse.sql's COUNT(*) form).
    await c.run(`COPY (SELECT customer_id, CAST(count(*) AS INTEGER) AS orders, CAST(count(*) AS INTEGER) AS lines, sum(amount) AS revenue,
        CAST(NULL AS DOUBLE) AS cost, sum(amount) AS profit, sum(quantity) AS quantity, min(order_date) AS first_order, max(order_date) AS last_order
      FROM read_csv('${cdnow}', types = {'customer_id': 'VARCHAR', 'order_date': 'DATE'}) GROUP BY customer_id) TO '${work}/customer_facts.csv' (HEADER)`);
    c.closeSync();
    db.closeSync();
    const config = JSON.parse(readFileSync(`${base.rootDir}/packages/server/cdnow.json`, 'utf8'));
    config.datasets = { cdnow: { transactions: { path: cdnow } }, 'cdnow-facts': { facts: { path: `${work}/customer_facts.csv` } } };
    writeFileSync(`${work}/crmkit.json`, JSON.stringify(config));
    child = spawn(process.execPath, ['--import', 'tsx', 'packages/server/src/main.ts', '--config', `${work}/crmkit.json`], {
      cwd: base.rootDir,
      env: {
        ...process.env,
        CRMKIT_PORT: String(serverPort),
        CRMKIT_THREADS: '2',
        CRMKIT_WORK_DIR: work,
        CRMKIT_CORS_ORIGINS: `http://localhost:${wtrPort},http://127.0.0.1:${wtrPort}`,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    await waitForHealth(Date.now() + 60_000);
  },
  async serverStop() {
    child?.kill('SIGTERM');
  },
};

export default {
  ...base,
  files: process.env.WTR_FILES ? process.env.WTR_FILES.split(',') : ['test/browser-server/**/*.test.ts'],
  middleware: [
    async (ctx, next) => {
      if (ctx.path !== '/__crmkit-server.json') return next();
      ctx.type = 'application/json';
      ctx.body = JSON.stringify({ url: serverUrl, dataset: 'cdnow' });
    },
    ...base.middleware,
  ],
  plugins: [...base.plugins, crmkitServer],
};
