// web-test-runner settings for `pnpm fuzz`: the browser suite's, running only the fuzz test, with the
// number of inputs and the seed served to it as /__fuzz.json (FUZZ_RUNS, FUZZ_SEED) and no time limit.
import base from '../web-test-runner.config.mjs';

const settings = { runs: Number(process.env.FUZZ_RUNS) || 20000, seed: Number(process.env.FUZZ_SEED) || Date.now() % 2 ** 31 };

export default {
  ...base,
  files: ['test/browser/fuzz.test.ts'],
  testsFinishTimeout: 24 * 3600_000,
  testFramework: { config: { timeout: 0 } },
  middleware: [
    (ctx, next) => {
      if (ctx.path !== '/__fuzz.json') return next();
      ctx.type = 'application/json';
      ctx.body = JSON.stringify(settings);
    },
    ...base.middleware,
  ],
};
