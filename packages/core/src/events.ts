/**
 * Events input (visits, add-to-cart, sign-ups, …) for the conversion funnel.
 *
 * An events file goes through the same loader as transactions (`loadData` with `kind: 'events'`):
 * mapping, validation, row rules and the same errors. Columns (see `EVENT_COLUMNS` in schema.ts):
 * `visitor_id` (required: an anonymous visitor's id or a customer id), `event` (required),
 * `timestamp` (required: a date and time), and optional `customer_id`, `channel`, `campaign`,
 * `properties`.
 *
 * Identity: a row with both a visitor id and a customer id (an `identify` event, or an id-map column
 * filled on any row) links that visitor to the customer. Each event's `person` is then
 *   its own customer_id, else the customer its visitor id was first linked to, else the visitor id;
 * so a visitor's anonymous events before the sign-in count as the customer's. A visitor linked to two
 * customers counts as the first one linked (earliest timestamp).
 *
 * The table written has the canonical columns plus `person` and `pid` (a whole number for each person, which
 * the funnel groups and joins by) and `event_code` (a whole number for each event name, listed in the table
 * `eventNames(table)`: the funnel's scan compares numbers instead of text), sorted by person and time.
 */
import type { Engine } from './engine.js';
import { queryRows } from './engine.js';
import { CrmError } from './errors.js';
import { ident, sql } from './sql.js';
import { loadData, type DataInput, type LoadOptions, type LoadResult } from './loaders/load.js';
import { timeZoneOption, wallClock, wallClockText } from './loaders/zone.js';

export interface EventsResult extends LoadResult {
  /** Distinct people (after identity links). */
  people: number;
  /** Visitors linked to a customer. */
  linked: number;
}

/** JS rows: Date values keep their time of day (as wall-clock text in the load's time zone, default UTC). */
export function eventRows(rows: readonly Record<string, unknown>[], timeZone?: string): Record<string, unknown>[] {
  const wall = wallClock(timeZoneOption(timeZone));
  return rows.map((r) => {
    let out: Record<string, unknown> | undefined;
    for (const [k, v] of Object.entries(r)) {
      if (v instanceof Date && !Number.isNaN(v.getTime())) (out ??= { ...r })[k] = wallClockText(wall(v.getTime())).replace('T', ' ');
    }
    return out ?? r;
  });
}

/** The table name `loadData` writes the events to before `prepareEvents` resolves people. */
export const eventsStaging = (table: string) => `${table}__load`;

/** The events table's dictionary of event names: `event` and its `event_code` (1, 2, … in name order). */
export const eventNames = (table: string) => `${table}__names`;

/** Load events into `options.table` (person resolved). */
export async function loadEvents(engine: Engine, input: DataInput, options: Omit<LoadOptions, 'kind'>): Promise<EventsResult> {
  if (Array.isArray(input)) input = eventRows(input as readonly Record<string, unknown>[], options.timeZone);
  const r = await loadData(engine, input, { ...options, kind: 'events', table: eventsStaging(options.table) });
  return prepareEvents(engine, r, options.table);
}

/** The events `loadData` wrote (kind `events`, to `r.table`) → `table` with each event's person; the staging table is dropped. */
export async function prepareEvents(engine: Engine, r: LoadResult, table: string): Promise<EventsResult> {
  const t = ident(r.table);
  const options = { table };
  const hasCustomer = r.fields.includes('customer_id');
  const cols = ['visitor_id', 'customer_id', 'event', 'timestamp', 'channel', 'campaign', 'properties'].map((c) =>
    r.fields.includes(c) ? sql`e.${ident(c)}` : sql`CAST(NULL AS ${c === 'timestamp' ? sql`TIMESTAMP` : sql`VARCHAR`}) AS ${ident(c)}`,
  );
  const names = ident(eventNames(options.table));
  try {
    await engine.exec(sql`CREATE OR REPLACE TABLE ${names} AS
      SELECT event, CAST(row_number() OVER (ORDER BY event) AS INTEGER) AS event_code FROM (SELECT DISTINCT event FROM ${t} WHERE event IS NOT NULL)`);
    const code = sql`(SELECT n.event_code FROM ${names} n WHERE n.event = e.event) AS event_code`;
    if (hasCustomer) {
      await engine.exec(sql`CREATE OR REPLACE TABLE ${ident(options.table)} AS
        SELECT CAST(dense_rank() OVER (ORDER BY coalesce(e.customer_id, m.cid, e.visitor_id)) AS INTEGER) AS pid, coalesce(e.customer_id, m.cid, e.visitor_id) AS person, ${cols[0]}, ${cols[1]}, ${cols[2]}, ${cols[3]}, ${cols[4]}, ${cols[5]}, ${cols[6]}, ${code}
        FROM ${t} e LEFT JOIN (SELECT visitor_id, arg_min(customer_id, "timestamp") AS cid FROM ${t} WHERE customer_id IS NOT NULL GROUP BY visitor_id) m
          ON m.visitor_id = e.visitor_id
        ORDER BY person, "timestamp"`);
    } else {
      await engine.exec(sql`CREATE OR REPLACE TABLE ${ident(options.table)} AS
        SELECT CAST(dense_rank() OVER (ORDER BY e.visitor_id) AS INTEGER) AS pid, e.visitor_id AS person, ${cols[0]}, ${cols[1]}, ${cols[2]}, ${cols[3]}, ${cols[4]}, ${cols[5]}, ${cols[6]}, ${code}
        FROM ${t} e ORDER BY person, "timestamp"`);
    }
  } catch (e) {
    throw new CrmError('query', { file: r.file, reason: (e as Error).message, during: 'events' });
  } finally {
    await engine.exec(sql`DROP TABLE IF EXISTS ${t}`).catch(() => undefined);
  }
  const s = (
    await queryRows<{ people: number; linked: number }>(
      engine,
      hasCustomer
        ? sql`SELECT count(DISTINCT person) AS people, (SELECT count(DISTINCT visitor_id) FROM ${ident(options.table)} WHERE person <> visitor_id) AS linked FROM ${ident(options.table)}`
        : sql`SELECT count(DISTINCT person) AS people, 0 AS linked FROM ${ident(options.table)}`,
    )
  )[0];
  return { ...r, table: options.table, people: Number(s.people), linked: Number(s.linked) };
}
