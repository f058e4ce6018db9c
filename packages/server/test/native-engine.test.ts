/**
 * The native engine's request connections: work a request leaves running
 * after its answer (core keeps a table for later without waiting for it, e.g.
 * the Pareto curve's ranks) must neither crash the process nor be lost.
 * Closing a connection while a statement still runs on it crashes native
 * DuckDB (the process ends with SIGSEGV), so a request's connection is closed
 * only once its statements are done, and a statement issued after the
 * request ended runs on the engine's own connection.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { mkdirSync } from 'node:fs';
import { NativeEngine } from '../src/native-engine.js';

const ROOT = resolve(__dirname, '../../..');
const WORK = resolve(ROOT, 'datasets/generated/server-native-engine-test');

let engine: NativeEngine;

beforeAll(async () => {
  mkdirSync(WORK, { recursive: true });
  engine = await NativeEngine.create({ threads: 2, workDir: WORK });
});

afterAll(async () => {
  await engine.close();
});

async function value(q: string): Promise<number> {
  const t = await engine.query(q);
  return Number(t.getChild(t.schema.fields[0].name)!.get(0));
}

describe('a request connection with work left running', () => {
  it('a statement still running when the request ends finishes, with its figures, and the next requests are answered', async () => {
    const n = 20_000_000;
    let left: Promise<void> | undefined;
    const answer = await engine.withConnection(new AbortController().signal, async () => {
      // Started, not waited for: the request answers while this runs on its connection.
      left = engine.exec(`CREATE TABLE kept_sum AS SELECT sum(i) AS s, count(*) AS n FROM range(${n}) t(i)`);
      return value('SELECT 6 * 7');
    });
    expect(answer).toBe(42);
    // Other requests meanwhile, each on a connection of its own.
    const others = await Promise.all([1, 2, 3].map((k) => engine.withConnection(new AbortController().signal, () => value(`SELECT ${k} + 1`))));
    expect(others).toEqual([2, 3, 4]);
    await left;
    // 0 + 1 + … + (n − 1) = n (n − 1) / 2 = 2·10^7 · (2·10^7 − 1) / 2 = 199,999,990,000,000.
    expect(await value('SELECT s FROM kept_sum')).toBe(199_999_990_000_000);
    expect(await value('SELECT n FROM kept_sum')).toBe(n);
  });

  it('a statement issued after the request ended runs on the engine’s own connection', async () => {
    let later: Promise<void> | undefined;
    let issued!: () => void;
    const done = new Promise<void>((r) => (issued = r));
    await engine.withConnection(new AbortController().signal, async () => {
      setTimeout(() => {
        later = engine.exec('CREATE TABLE kept_later AS SELECT 3 * 5 AS v');
        issued();
      }, 50);
      return value('SELECT 1');
    });
    await done;
    await later;
    expect(await value('SELECT v FROM kept_later')).toBe(15);
  });
});
