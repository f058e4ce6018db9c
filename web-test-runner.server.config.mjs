// Browser tests against a crmkit server: the base configuration, plus a crmkit server on the bundled
// CDNOW data started for the run (packages/server, native DuckDB) and its URL at /__crmkit-server.json.
import { spawn } from 'node:child_process';
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
    child = spawn(process.execPath, ['--import', 'tsx', 'packages/server/src/main.ts', '--config', 'packages/server/cdnow.json'], {
      cwd: base.rootDir,
      env: {
        ...process.env,
        CRMKIT_PORT: String(serverPort),
        CRMKIT_THREADS: '2',
        CRMKIT_WORK_DIR: `${base.rootDir}/datasets/generated/server-browser-test`,
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
