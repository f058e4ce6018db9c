#!/usr/bin/env -S npx tsx
/**
 * `crmkit-server --config crmkit.json` (or CRMKIT_CONFIG=…): start the
 * server; environment variables override the file (see config.ts). Stops
 * cleanly on SIGINT / SIGTERM.
 */
import { loadConfig } from './config.js';
import { createCrmServer, jsonLogger } from './server.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

try {
  const config = await loadConfig(arg('config') ?? process.env.CRMKIT_CONFIG);
  if (arg('port')) config.port = Number(arg('port'));
  const srv = await createCrmServer(config);
  await srv.listen();
  const stop = (signal: string) => {
    jsonLogger({ level: 'info', msg: 'stopping', signal });
    srv.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
} catch (e) {
  jsonLogger({ level: 'error', msg: 'cannot start', error: (e as Error).message });
  process.exit(1);
}
