/**
 * Several transactions files in one source: each is loaded on its own (its own headers, mapping,
 * rules and channel), then the canonical tables are put one after the other in one table.
 *
 * - Columns: every crmkit column any file has; a file without one gives NULL there.
 * - Channel: a file's `channel` fills the channel column where the file has none (or its cell is empty).
 * - Shared rows: two files share a row when the row's crmkit columns (those both files have, channel
 *   aside) are equal, empty cells equal to empty cells, counted as multisets: a row value that one
 *   file has 3 times and the other 2 times is 2 shared rows. `rows` counts every row read (after the
 *   row rules, unreadable ones included, so the figure is the files' own); `loadedRows` counts the rows
 *   loaded. Shared rows are reported, not removed (two equal purchases are possible).
 */
import type { Engine } from '../engine.js';
import { toRows } from '../engine.js';
import { TRANSACTION_COLUMNS } from '../schema.js';
import { ident, join, lit, raw, sql, type SQL } from '../sql.js';

export interface FilePart {
  /** The file's canonical table (from loadData). */
  table: string;
  /** Its columns' table of every row read (loadData's keysTable). */
  keys: string;
  /** Canonical columns the table has. */
  fields: string[];
  /** The file's name, for the report. */
  file: string;
  /** Channel for rows whose channel is empty. */
  channel?: string;
}

/** Rows two files share. */
export interface FileOverlap {
  /** The two files' names, in load order. */
  files: [string, string];
  /** Shared rows among every row read. */
  rows: number;
  /** Shared rows among the rows loaded. */
  loadedRows: number;
  /** The columns compared. */
  columns: string[];
}

const columnsOf = async (engine: Engine, table: string) =>
  toRows<{ column_name: string }>(await engine.query(sql`DESCRIBE ${ident(table)}`)).map((r) => r.column_name);

/** Σ min(count in a, count in b) over equal rows of `columns` (NULL equal to NULL). */
async function shared(engine: Engine, a: string, b: string, columns: string[]): Promise<number> {
  if (!columns.length) return 0;
  const cols = join(columns.map((c) => ident(c)));
  const on = join(columns.map((c) => sql`x.${ident(c)} IS NOT DISTINCT FROM y.${ident(c)}`), ' AND ');
  const q = sql`SELECT coalesce(sum(least(x.__n, y.__n)), 0)::BIGINT AS n
    FROM (SELECT ${cols}, count(*) AS __n FROM ${ident(a)} GROUP BY ALL) x
    JOIN (SELECT ${cols}, count(*) AS __n FROM ${ident(b)} GROUP BY ALL) y ON ${on}`;
  return Number(toRows<{ n: number | bigint }>(await engine.query(q))[0].n);
}

/** Put the files' tables in `target` (one after the other), find shared rows, and drop the parts. */
export async function combineTransactions(engine: Engine, parts: FilePart[], target: string): Promise<{ fields: string[]; overlaps: FileOverlap[] }> {
  const withChannel = parts.some((p) => p.channel !== undefined);
  const fields = TRANSACTION_COLUMNS.filter((c) => parts.some((p) => p.fields.includes(c.name)) || (c.name === 'channel' && withChannel));
  const selects: SQL[] = parts.map((p) => {
    const cols = fields.map((c) => {
      const has = p.fields.includes(c.name);
      if (c.name === 'channel' && p.channel !== undefined) {
        return has ? sql`coalesce(NULLIF(${ident('channel')}, ''), ${lit(p.channel)}) AS channel` : sql`${lit(p.channel)} AS channel`;
      }
      return has ? ident(c.name) : sql`CAST(NULL AS ${raw(c.sqlType)}) AS ${ident(c.name)}`;
    });
    return sql`SELECT ${join(cols)} FROM ${ident(p.table)}`;
  });
  await engine.exec(sql`CREATE OR REPLACE TABLE ${ident(target)} AS ${join(selects, ' UNION ALL ')}`);
  const overlaps: FileOverlap[] = [];
  const keyCols = await Promise.all(parts.map((p) => columnsOf(engine, p.keys)));
  for (let i = 0; i < parts.length; i++) {
    for (let j = i + 1; j < parts.length; j++) {
      const common = keyCols[i].filter((c) => c !== 'channel' && keyCols[j].includes(c));
      const loadedCommon = parts[i].fields.filter((c) => c !== 'channel' && parts[j].fields.includes(c));
      overlaps.push({
        files: [parts[i].file, parts[j].file],
        rows: await shared(engine, parts[i].keys, parts[j].keys, common),
        loadedRows: await shared(engine, parts[i].table, parts[j].table, loadedCommon),
        columns: common,
      });
    }
  }
  for (const p of parts) {
    await engine.exec(sql`DROP TABLE IF EXISTS ${ident(p.table)}`);
    await engine.exec(sql`DROP TABLE IF EXISTS ${ident(p.keys)}`);
  }
  return { fields: fields.map((c) => c.name), overlaps };
}
