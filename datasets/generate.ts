/**
 * Seeded, deterministic generator of realistic CRM data.
 *
 *   pnpm gen --customers 100000 --seed 7 --format parquet
 *   pnpm gen --transactions 10000000 --format csv --out /tmp/crm
 *
 * Writes two files into `--out` (default `datasets/generated/`):
 *   crm-<customers>c-s<seed>-transactions.<csv|parquet>
 *     order_id, customer_id, order_date, channel, product, quantity, amount, cost
 *   crm-<customers>c-s<seed>-customers.<csv|parquet>
 *     customer_id, name, email, phone, birthday, address, signup_date, acquisition_channel, acquisition_cost
 *
 * What makes it realistic enough for the analyses:
 * - heavy-tailed spend: each customer's basket size is log-normal (σ 1.0) and their purchase rate gamma
 *   distributed (shape 0.7), so a fifth of the customers hold most of the revenue (a realistic Pareto curve);
 * - churn: about a third buy once; the others stay for an exponential lifetime, so customers acquired over
 *   four years are new, active, at risk or lapsed on the as-of date (2025-01-01, the day after the last order);
 * - seasonality: more orders in November and December, fewer in January and February;
 * - costs: cost of goods (a per-customer margin), a fixed fulfilment cost per order, and discount hunters
 *   whose cost exceeds what they pay, so some customers lose money; about 3 % of orders are returned
 *   (a negative row);
 * - PII that is fake but plausible: English and Chinese (Traditional) names, example.* e-mail addresses,
 *   555 / Taiwanese mobile phone numbers, birthdays, street addresses.
 *
 * Same options → byte-identical files: seeded PRNG streams (sfc32, one per customer), no clock, no Math.random, fixed
 * number formatting; Parquet is written without timestamps. Rows are produced customer by customer and
 * written in chunks, so memory stays bounded at 10 M rows.
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ParquetWriter, fileWriter, type SchemaElement } from 'hyparquet-writer';

export interface GenerateOptions {
  /** Number of customers (all of them buy at least once). */
  customers?: number;
  /** Approximate number of transaction rows wanted. */
  transactions?: number;
  seed?: number;
  format?: 'csv' | 'parquet';
  /** Output folder. */
  out?: string;
  /** Rows per chunk (and per Parquet row group). */
  chunk?: number;
  /** Also write an events file (CSV) for the conversion funnel: see `VISITORS_PER_BUYER`. */
  events?: boolean;
}

export interface GenerateResult {
  transactionsFile: string;
  customersFile: string;
  /** The events file, when `events` was asked for. */
  eventsFile?: string;
  /** Events rows written. */
  events?: number;
  customers: number;
  transactions: number;
  revenue: number;
  /** The first day after the data: the natural as-of date. */
  asOf: string;
}

// ---------------------------------------------------------------- PRNG

/** sfc32 seeded through splitmix32: fast, good quality, 32-bit state words. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spare: number | undefined;
  constructor(seed: number) {
    let s = seed >>> 0;
    const next = () => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.u32();
  }
  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }
  /** Uniform in [0, 1). */
  next(): number {
    return this.u32() / 4294967296;
  }
  /** Integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)];
  }
  /** Pick by weights (need not sum to 1). */
  weighted<T>(xs: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of xs) total += w;
    let r = this.next() * total;
    for (const [x, w] of xs) {
      r -= w;
      if (r < 0) return x;
    }
    return xs[xs.length - 1][0];
  }
  normal(): number {
    if (this.spare !== undefined) {
      const s = this.spare;
      this.spare = undefined;
      return s;
    }
    let u = 0;
    let v = 0;
    let r = 0;
    do {
      u = this.next() * 2 - 1;
      v = this.next() * 2 - 1;
      r = u * u + v * v;
    } while (r >= 1 || r === 0);
    const f = Math.sqrt((-2 * Math.log(r)) / r);
    this.spare = v * f;
    return u * f;
  }
  exp(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }
  lognormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }
  /** Gamma(shape, 1), Marsaglia–Tsang (with the shape < 1 boost). */
  gamma(shape: number): number {
    if (shape < 1) return this.gamma(shape + 1) * Math.pow(this.next() || 1e-12, 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x = 0;
      let v = 0;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.next();
      if (u < 1 - 0.0331 * x * x * x * x) return d * v;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
    }
  }
}

// ---------------------------------------------------------------- calendar

const START = Date.UTC(2021, 0, 1);
const DAY = 86_400_000;
/** Days 0..DAYS-1 are 2021-01-01..2024-12-31. */
const DAYS = (Date.UTC(2025, 0, 1) - START) / DAY;
const ISO: string[] = Array.from({ length: DAYS + 40 }, (_, d) => new Date(START + d * DAY).toISOString().slice(0, 10));
const MONTH: number[] = Array.from({ length: DAYS + 40 }, (_, d) => new Date(START + d * DAY).getUTCMonth());
/** Relative order intensity by month (Jan..Dec). */
const SEASON = [0.75, 0.8, 0.95, 1, 1, 0.95, 0.95, 1, 1, 1.05, 1.45, 1.85];
const SEASON_MAX = Math.max(...SEASON);

// ---------------------------------------------------------------- fake PII

const EN_FIRST = ['James', 'Mary', 'John', 'Patricia', 'Robert', 'Jennifer', 'Michael', 'Linda', 'William', 'Elizabeth', 'David', 'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Charles', 'Karen', 'Daniel', 'Nancy', 'Matthew', 'Lisa', 'Anthony', 'Emily', 'Mark', 'Olivia', 'Paul', 'Sophia', 'Steven', 'Grace', 'Andrew', 'Chloe', 'Joshua', 'Emma', 'Kevin', 'Hannah', 'Brian', 'Amelia'];
const EN_LAST = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Wilson', 'Anderson', 'Taylor', 'Thomas', 'Moore', 'Jackson', 'Martin', 'Lee', 'Thompson', 'White', 'Harris', 'Clark', 'Lewis', 'Walker', 'Hall', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Green', 'Baker', 'Adams', 'Nelson', 'Hill', 'Campbell', 'Mitchell', 'Carter', 'Roberts', 'Turner'];
const ZH_SURNAME: readonly (readonly [string, string])[] = [['陳', 'chen'], ['林', 'lin'], ['黃', 'huang'], ['張', 'chang'], ['李', 'li'], ['王', 'wang'], ['吳', 'wu'], ['劉', 'liu'], ['蔡', 'tsai'], ['楊', 'yang'], ['許', 'hsu'], ['鄭', 'cheng'], ['謝', 'hsieh'], ['郭', 'kuo'], ['洪', 'hung'], ['曾', 'tseng'], ['邱', 'chiu'], ['廖', 'liao'], ['賴', 'lai'], ['周', 'chou'], ['徐', 'hsu'], ['蘇', 'su'], ['葉', 'yeh'], ['莊', 'chuang'], ['呂', 'lu'], ['江', 'chiang'], ['何', 'ho'], ['蕭', 'hsiao'], ['羅', 'lo'], ['高', 'kao']];
const ZH_GIVEN: readonly (readonly [string, string])[] = [['志', 'chih'], ['明', 'ming'], ['怡', 'yi'], ['君', 'chun'], ['雅', 'ya'], ['婷', 'ting'], ['家', 'chia'], ['豪', 'hao'], ['俊', 'chun'], ['傑', 'chieh'], ['淑', 'shu'], ['芬', 'fen'], ['美', 'mei'], ['玲', 'ling'], ['建', 'chien'], ['宏', 'hung'], ['文', 'wen'], ['華', 'hua'], ['欣', 'hsin'], ['宜', 'yi'], ['佳', 'chia'], ['穎', 'ying'], ['冠', 'kuan'], ['宇', 'yu'], ['承', 'cheng'], ['恩', 'en'], ['柏', 'po'], ['翰', 'han'], ['詩', 'shih'], ['涵', 'han'], ['子', 'tzu'], ['晴', 'ching'], ['品', 'pin'], ['妤', 'yu'], ['廷', 'ting'], ['思', 'ssu'], ['妍', 'yen'], ['睿', 'jui'], ['安', 'an'], ['庭', 'ting']];
const EN_STREET = ['Maple', 'Oak', 'Cedar', 'Pine', 'Elm', 'Willow', 'Lake', 'Hill', 'Sunset', 'River', 'Park', 'Washington', 'Lincoln', 'Highland', 'Meadow', 'Forest', 'Spring', 'Church', 'Mill', 'Ridge'];
const EN_SUFFIX = ['St', 'Ave', 'Rd', 'Blvd', 'Ln', 'Dr', 'Ct', 'Way'];
const EN_CITY: readonly (readonly [string, string])[] = [['Springfield', 'IL'], ['Riverside', 'CA'], ['Franklin', 'TN'], ['Greenville', 'SC'], ['Bristol', 'CT'], ['Clinton', 'MA'], ['Fairview', 'OR'], ['Madison', 'WI'], ['Georgetown', 'TX'], ['Salem', 'OR'], ['Arlington', 'VA'], ['Ashland', 'OH'], ['Dover', 'DE'], ['Milton', 'MA'], ['Newport', 'RI']];
const ZH_CITY: readonly (readonly [string, readonly string[]])[] = [
  ['臺北市', ['大安區', '信義區', '中山區', '松山區', '內湖區', '士林區']],
  ['新北市', ['板橋區', '新店區', '中和區', '永和區', '三重區']],
  ['臺中市', ['西屯區', '北屯區', '南屯區', '西區']],
  ['高雄市', ['苓雅區', '左營區', '鼓山區', '三民區']],
  ['臺南市', ['東區', '中西區', '安平區']],
  ['桃園市', ['桃園區', '中壢區']],
];
const ZH_ROAD = ['中山路', '中正路', '民生東路', '復興南路', '忠孝東路', '和平西路', '信義路', '光復路', '成功路', '民族路', '建國北路', '文化路'];
const ZH_SECTION = ['', '一段', '二段', '三段'];
const EMAIL_DOMAINS = ['example.com', 'example.org', 'example.net', 'mail.example.tw'];

const ACQUISITION: readonly (readonly [string, number, number])[] = [
  // channel, share, median acquisition cost
  ['organic search', 0.26, 4],
  ['paid search', 0.2, 28],
  ['social ads', 0.18, 35],
  ['referral', 0.12, 15],
  ['email', 0.08, 6],
  ['store', 0.1, 12],
  ['affiliate', 0.06, 40],
];
/**
 * Events (`events: true`): the planted funnel visit → add_to_cart → purchase. For every customer, their
 * first order is preceded by an anonymous visitor's `visit` (channel: the customer's acquisition channel)
 * 0–5 days before it, between 08:00 and 20:59, an `add_to_cart` an hour later and an `identify` (visitor id
 * and customer id) half an hour after that; the purchase is the first order itself (the events have no
 * `purchase` rows: the funnel takes purchases from the transactions, at the end of the order's day, so
 * within 7 days of the visit). Besides, VISITORS_PER_BUYER[channel] − 1 visitors of the same channel who
 * never buy: the first of them also adds to the cart, the others only visit. So, per channel, with B
 * customers: step 1 = B × m, step 2 = B × (1 + [m ≥ 2]), step 3 = B, and conversion = 1 / m exactly.
 */
export const VISITORS_PER_BUYER: Readonly<Record<string, number>> = {
  'organic search': 4,
  'paid search': 5,
  'social ads': 8,
  referral: 2,
  email: 2,
  store: 1,
  affiliate: 10,
};
const HMS = (seconds: number) => `${pad(Math.floor(seconds / 3600), 2)}:${pad(Math.floor(seconds / 60) % 60, 2)}:${pad(seconds % 60, 2)}`;

/** One customer's events (see VISITORS_PER_BUYER), from their own stream. */
function makeEvents(rng: Rng, c: Customer, index: number, firstDay: number, emit: (row: Value[]) => void): void {
  const lag = Math.min(firstDay, rng.int(0, 5));
  const day = firstDay - lag;
  const at = rng.int(8 * 3600, 21 * 3600 - 1);
  const visitor = `V${pad(index + 1, 7)}-0`;
  const channel = c.acquisitionChannel;
  emit([visitor, '', 'visit', `${ISO[day]} ${HMS(at)}`, channel]);
  emit([visitor, '', 'add_to_cart', `${ISO[day]} ${HMS(at + 3600)}`, '']);
  emit([visitor, c.id, 'identify', `${ISO[day]} ${HMS(at + 5400)}`, '']);
  const m = VISITORS_PER_BUYER[channel] ?? 1;
  for (let j = 1; j < m; j++) {
    const v = `V${pad(index + 1, 7)}-${j}`;
    const d = rng.int(0, DAYS - 1);
    const t = rng.int(0, 86_400 - 3601);
    emit([v, '', 'visit', `${ISO[d]} ${HMS(t)}`, channel]);
    if (j === 1) emit([v, '', 'add_to_cart', `${ISO[d]} ${HMS(t + 600)}`, '']);
  }
}

const EVENT_COLUMNS: Column[] = [
  { name: 'visitor_id', type: 'STRING' },
  { name: 'customer_id', type: 'STRING' },
  { name: 'event', type: 'STRING' },
  { name: 'timestamp', type: 'STRING' },
  { name: 'channel', type: 'STRING' },
];

const ORDER_CHANNEL: readonly (readonly [string, number])[] = [['web', 0.55], ['app', 0.3], ['store', 0.15]];
const PRODUCTS: readonly (readonly [string, number, number])[] = [
  // category, weight, typical margin (share of price that is cost of goods)
  ['books', 0.18, 0.55],
  ['music', 0.14, 0.5],
  ['electronics', 0.12, 0.8],
  ['home', 0.16, 0.6],
  ['fashion', 0.2, 0.45],
  ['beauty', 0.12, 0.4],
  ['toys', 0.08, 0.6],
];
const PRODUCT_WEIGHTS = PRODUCTS.map(([p, w]) => [p, w] as const);
const PRODUCT_MARGIN = new Map(PRODUCTS.map(([p, , m]) => [p, m]));

// ---------------------------------------------------------------- the model

interface Customer {
  id: string;
  name: string;
  email: string;
  phone: string;
  birthday: string;
  address: string;
  signup: number;
  acquisitionChannel: string;
  acquisitionCost: number;
}

interface Row {
  orderId: string;
  customerId: string;
  day: number;
  channel: string;
  product: string;
  quantity: number;
  amount: number;
  cost: number;
}

const round2 = (x: number) => Math.round(x * 100) / 100;
const pad = (n: number, w: number) => String(n).padStart(w, '0');

function makeCustomer(rng: Rng, index: number): Customer {
  const id = `C${pad(index + 1, 7)}`;
  const chinese = rng.next() < 0.45;
  let name: string;
  let handle: string;
  let phone: string;
  let address: string;
  if (chinese) {
    const [s, sr] = rng.pick(ZH_SURNAME);
    const [g1, g1r] = rng.pick(ZH_GIVEN);
    const [g2, g2r] = rng.pick(ZH_GIVEN);
    name = `${s}${g1}${g2}`;
    handle = `${g1r}${g2r}.${sr}`;
    phone = `+886 9${rng.int(10, 99)}-${pad(rng.int(0, 999), 3)}-${pad(rng.int(0, 999), 3)}`;
    const [city, districts] = rng.pick(ZH_CITY);
    address = `${city}${rng.pick(districts)}${rng.pick(ZH_ROAD)}${rng.pick(ZH_SECTION)}${rng.int(1, 320)}號${rng.next() < 0.5 ? `${rng.int(2, 18)}樓` : ''}`;
  } else {
    const first = rng.pick(EN_FIRST);
    const last = rng.pick(EN_LAST);
    name = `${first} ${last}`;
    handle = `${first}.${last}`.toLowerCase();
    phone = `+1 ${rng.int(201, 989)}-555-${pad(rng.int(100, 199), 4)}`;
    const [city, state] = rng.pick(EN_CITY);
    address = `${rng.int(1, 9999)} ${rng.pick(EN_STREET)} ${rng.pick(EN_SUFFIX)}, ${city}, ${state} ${pad(rng.int(1000, 99999), 5)}`;
  }
  const email = `${handle}${rng.int(1, 999)}@${rng.pick(EMAIL_DOMAINS)}`;
  const birthday = new Date(Date.UTC(1946, 0, 1) + rng.int(0, 60 * 365) * DAY).toISOString().slice(0, 10);
  // Acquisition grows over time: later days are likelier (u^0.8).
  const signup = Math.min(DAYS - 1, Math.floor(DAYS * Math.pow(rng.next(), 0.8)));
  const [acquisitionChannel, , cac] = rng.weighted(ACQUISITION.map((a) => [a, a[1]] as const));
  const acquisitionCost = round2(rng.lognormal(cac, 0.35));
  return { id, name, email, phone, birthday, address, signup, acquisitionChannel, acquisitionCost };
}

/**
 * One customer's transactions, in date order. `scale` multiplies the repeat-purchase rate
 * (to reach a wanted number of rows). Calls `emit` per row.
 */
function makeTransactions(rng: Rng, c: Customer, scale: number, nextOrder: () => string, emit: (r: Row) => void): void {
  const first = Math.min(DAYS - 1, c.signup + Math.floor(rng.exp(6)));
  const oneTime = rng.next() < 0.33;
  const lifetime = oneTime ? 0 : rng.exp(520);
  const end = Math.min(DAYS - 1, first + lifetime);
  // Orders per day: gamma(0.7) heterogeneity around one order every ~55 days.
  const rate = (rng.gamma(0.7) / 0.7 / 55) * scale;
  const basket = rng.lognormal(38, 1.0);
  const hunter = rng.next() < 0.09; // buys only on deep discount: cost of goods above the price paid
  const cogsShift = hunter ? 0.55 + rng.next() * 0.35 : rng.normal() * 0.06;
  const favourite = rng.weighted(PRODUCT_WEIGHTS);
  const homeChannel = rng.weighted(ORDER_CHANNEL);

  const order = (day: number) => {
    const product = rng.next() < 0.6 ? favourite : rng.weighted(PRODUCT_WEIGHTS);
    const channel = rng.next() < 0.7 ? homeChannel : rng.weighted(ORDER_CHANNEL);
    const quantity = 1 + Math.floor(rng.exp(0.8));
    const amount = Math.max(1, round2(rng.lognormal(basket, 0.45) * (0.8 + 0.2 * quantity)));
    const cogs = Math.min(1.6, Math.max(0.15, (PRODUCT_MARGIN.get(product) ?? 0.6) + cogsShift));
    const fulfilment = channel === 'store' ? 1.5 : 4.5;
    const cost = round2(amount * cogs + fulfilment);
    const orderId = nextOrder();
    emit({ orderId, customerId: c.id, day, channel, product, quantity, amount, cost });
    if (rng.next() < 0.03) {
      const back = day + 3 + Math.floor(rng.exp(10));
      // A return refunds the price and recovers the goods, less handling.
      if (back < DAYS) emit({ orderId, customerId: c.id, day: back, channel, product, quantity: -quantity, amount: -amount, cost: -round2(amount * cogs * 0.85) });
    }
  };

  order(first);
  if (rate <= 0 || end <= first) return;
  // Seasonal Poisson process by thinning.
  let t = first;
  for (;;) {
    t += rng.exp(1 / (rate * SEASON_MAX));
    if (t > end) break;
    const day = Math.floor(t);
    if (rng.next() * SEASON_MAX < SEASON[MONTH[day]]) order(day);
  }
}

/** Average rows per customer at a given rate scale, from a pilot population (its own seed). */
function pilotRows(seed: number, scale: number, n = 10_000): number {
  const pilotSeed = (seed ^ 0x5eed5eed) >>> 0;
  let rows = 0;
  for (let i = 0; i < n; i++) {
    const rng = customerRng(pilotSeed, i);
    makeTransactions(rng, makeCustomer(rng, i), scale, () => '', () => rows++);
  }
  return rows / n;
}

/** Each customer draws from their own stream, so a pilot at another rate scale sees the same customers. */
function customerRng(seed: number, index: number): Rng {
  return new Rng((Math.imul(seed, 0x2c1b3c6d) ^ Math.imul(index + 1, 0x297a2d39)) >>> 0);
}

/** Customers and rate scale for the wanted size. */
export function plan(opts: Pick<GenerateOptions, 'customers' | 'transactions' | 'seed'>): { customers: number; scale: number } {
  const seed = opts.seed ?? 1;
  if (opts.customers !== undefined && opts.transactions === undefined) return { customers: opts.customers, scale: 1 };
  const target = opts.transactions ?? 50_000;
  // Rows per customer are linear in the scale: a + b·s.
  const r1 = pilotRows(seed, 1);
  const r2 = pilotRows(seed, 2);
  const b = r2 - r1;
  const a = r1 - b;
  if (opts.customers === undefined) return { customers: Math.max(1, Math.round(target / r1)), scale: 1 };
  const perCustomer = target / opts.customers;
  if (perCustomer <= a) return { customers: opts.customers, scale: 0 };
  return { customers: opts.customers, scale: Math.min(1000, (perCustomer - a) / b) };
}

// ---------------------------------------------------------------- writers

type Value = string | number | Date;
interface Column {
  name: string;
  type: 'STRING' | 'DOUBLE' | 'INT32' | 'DATE';
}

interface TableWriter {
  write(cols: Value[][], n: number): void | Promise<void>;
  finish(): void | Promise<void>;
}

function csvCell(v: Value): string {
  if (typeof v === 'number') return String(v);
  const s = v instanceof Date ? v.toISOString().slice(0, 10) : v;
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

function csvWriter(file: string, columns: Column[]): TableWriter {
  const fd = openSync(file, 'w');
  writeSync(fd, columns.map((c) => c.name).join(',') + '\n');
  return {
    write(cols, n) {
      const lines: string[] = new Array(n);
      for (let i = 0; i < n; i++) {
        let line = csvCell(cols[0][i]);
        for (let j = 1; j < cols.length; j++) line += ',' + csvCell(cols[j][i]);
        lines[i] = line;
      }
      writeSync(fd, lines.join('\n') + '\n');
    },
    finish() {
      closeSync(fd);
    },
  };
}

function parquetWriter(file: string, columns: Column[]): TableWriter {
  const schema: SchemaElement[] = [
    { name: 'root', num_children: columns.length },
    ...columns.map((c): SchemaElement => {
      switch (c.type) {
        case 'STRING':
          return { name: c.name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' };
        case 'DOUBLE':
          return { name: c.name, type: 'DOUBLE', repetition_type: 'REQUIRED' };
        case 'INT32':
          return { name: c.name, type: 'INT32', repetition_type: 'REQUIRED' };
        case 'DATE':
          return { name: c.name, type: 'INT32', converted_type: 'DATE', repetition_type: 'REQUIRED' };
      }
    }),
  ];
  const writer = new ParquetWriter({ writer: fileWriter(file), schema, createdBy: 'crmkit generator' });
  return {
    write(cols, n) {
      return writer.write({
        columnData: columns.map((c, j) => ({ name: c.name, data: cols[j].length === n ? cols[j] : cols[j].slice(0, n), nullable: false })),
        rowGroupSize: n,
      });
    },
    finish() {
      return writer.finish();
    },
  };
}

const TX_COLUMNS: Column[] = [
  { name: 'order_id', type: 'STRING' },
  { name: 'customer_id', type: 'STRING' },
  { name: 'order_date', type: 'DATE' },
  { name: 'channel', type: 'STRING' },
  { name: 'product', type: 'STRING' },
  { name: 'quantity', type: 'INT32' },
  { name: 'amount', type: 'DOUBLE' },
  { name: 'cost', type: 'DOUBLE' },
];
const CUSTOMER_COLUMNS: Column[] = [
  { name: 'customer_id', type: 'STRING' },
  { name: 'name', type: 'STRING' },
  { name: 'email', type: 'STRING' },
  { name: 'phone', type: 'STRING' },
  { name: 'birthday', type: 'DATE' },
  { name: 'address', type: 'STRING' },
  { name: 'signup_date', type: 'DATE' },
  { name: 'acquisition_channel', type: 'STRING' },
  { name: 'acquisition_cost', type: 'DOUBLE' },
];

/** Column buffers of one chunk, reused. */
class Chunk {
  readonly cols: Value[][];
  n = 0;
  constructor(
    width: number,
    readonly size: number,
    private readonly out: TableWriter,
  ) {
    this.cols = Array.from({ length: width }, () => new Array<Value>(size));
  }
  async push(values: Value[]): Promise<void> {
    for (let j = 0; j < values.length; j++) this.cols[j][this.n] = values[j];
    if (++this.n === this.size) await this.flush();
  }
  async flush(): Promise<void> {
    if (this.n === 0) return;
    await this.out.write(this.cols, this.n);
    this.n = 0;
  }
}

const dates = new Map<number, Date>();
/** Dates as UTC midnights (for Parquet DATE), cached per day. */
const dateOf = (day: number) => {
  let d = dates.get(day);
  if (!d) dates.set(day, (d = new Date(START + day * DAY)));
  return d;
};

export async function generate(opts: GenerateOptions = {}): Promise<GenerateResult> {
  const seed = opts.seed ?? 1;
  const format = opts.format ?? 'csv';
  const size = Math.max(1000, opts.chunk ?? 100_000);
  const { customers, scale } = plan({ customers: opts.customers ?? (opts.transactions === undefined ? 10_000 : undefined), transactions: opts.transactions, seed });
  if (!Number.isInteger(customers) || customers < 1) throw new Error(`--customers must be a positive whole number (got ${customers})`);
  const out = resolve(opts.out ?? join(dirname(fileURLToPath(import.meta.url)), 'generated'));
  mkdirSync(out, { recursive: true });
  const base = join(out, `crm-${customers}c-s${seed}`);
  const transactionsFile = `${base}-transactions.${format}`;
  const customersFile = `${base}-customers.${format}`;
  const open = format === 'parquet' ? parquetWriter : csvWriter;
  const txOut = open(transactionsFile, TX_COLUMNS);
  const cuOut = open(customersFile, CUSTOMER_COLUMNS);
  const tx = new Chunk(TX_COLUMNS.length, size, txOut);
  const cu = new Chunk(CUSTOMER_COLUMNS.length, Math.min(size, 50_000), cuOut);
  const eventsFile = opts.events ? `${base}-events.csv` : undefined;
  const evOut = eventsFile ? csvWriter(eventsFile, EVENT_COLUMNS) : undefined;
  const ev = evOut ? new Chunk(EVENT_COLUMNS.length, size, evOut) : undefined;
  const evRows: Value[][] = [];
  let events = 0;
  let orders = 0;
  let rows = 0;
  let revenue = 0;
  const nextOrder = () => `O${pad(++orders, 8)}`;
  const pending: Row[] = [];
  for (let i = 0; i < customers; i++) {
    const rng = customerRng(seed, i);
    const c = makeCustomer(rng, i);
    await cu.push([c.id, c.name, c.email, c.phone, format === 'csv' ? c.birthday : new Date(`${c.birthday}T00:00:00Z`), c.address, format === 'csv' ? ISO[c.signup] : dateOf(c.signup), c.acquisitionChannel, c.acquisitionCost]);
    pending.length = 0;
    makeTransactions(rng, c, scale, nextOrder, (r) => pending.push(r));
    // Returns come after their order: keep each customer's rows in date order.
    pending.sort((x, y) => x.day - y.day);
    for (const r of pending) {
      rows++;
      revenue += r.amount;
      await tx.push([r.orderId, r.customerId, format === 'csv' ? ISO[r.day] : dateOf(r.day), r.channel, r.product, r.quantity, r.amount, r.cost]);
    }
    if (ev) {
      // Their own stream: the transactions are the same with or without events.
      evRows.length = 0;
      makeEvents(new Rng((Math.imul(seed ^ 0x0e7e7e7e, 0x2c1b3c6d) ^ Math.imul(i + 1, 0x297a2d39)) >>> 0), c, i, pending[0].day, (row) => evRows.push(row));
      for (const row of evRows) (events++, await ev.push(row));
    }
  }
  await ev?.flush();
  await evOut?.finish();
  await tx.flush();
  await cu.flush();
  await txOut.finish();
  await cuOut.finish();
  return { transactionsFile, customersFile, ...(eventsFile ? { eventsFile, events } : {}), customers, transactions: rows, revenue: round2(revenue), asOf: ISO[DAYS] };
}

// ---------------------------------------------------------------- CLI

function parseArgs(argv: string[]): GenerateOptions {
  const o: GenerateOptions = {};
  const num = (flag: string, v: string | undefined) => {
    const n = Number(String(v).replaceAll('_', ''));
    if (v === undefined || !Number.isFinite(n) || n <= 0 || !Number.isInteger(n)) throw new Error(`${flag} needs a positive whole number (got ${v ?? 'nothing'})`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2) as [string, string | undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--customers':
        o.customers = num(flag, value());
        break;
      case '--transactions':
        o.transactions = num(flag, value());
        break;
      case '--seed': {
        const v = value();
        const n = Number(v);
        if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new Error(`--seed needs a whole number 0..4294967295 (got ${v ?? 'nothing'})`);
        o.seed = n;
        break;
      }
      case '--format': {
        const v = value();
        if (v !== 'csv' && v !== 'parquet') throw new Error(`--format is csv or parquet (got ${v ?? 'nothing'})`);
        o.format = v;
        break;
      }
      case '--out':
        o.out = value();
        break;
      case '--events':
        o.events = true;
        break;
      case '--help':
      case '-h':
        console.log('usage: pnpm gen [--customers N] [--transactions N] [--seed N] [--format csv|parquet] [--out DIR] [--events]');
        process.exit(0);
        break;
      default:
        throw new Error(`unknown option ${flag} (try --help)`);
    }
  }
  const rows = o.transactions;
  if (rows !== undefined && (rows < 1000 || rows > 10_000_000)) throw new Error(`--transactions is meant for 1,000 to 10,000,000 rows (got ${rows})`);
  return o;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const t0 = performance.now();
    const r = await generate(parseArgs(process.argv.slice(2)));
    const s = ((performance.now() - t0) / 1000).toFixed(1);
    console.log(`${r.transactions.toLocaleString('en')} transactions, ${r.customers.toLocaleString('en')} customers, revenue ${r.revenue.toLocaleString('en')}, as of ${r.asOf} (${s} s)`);
    console.log(`  ${r.transactionsFile}\n  ${r.customersFile}${r.eventsFile ? `\n  ${r.eventsFile} (${r.events!.toLocaleString('en')} events)` : ''}`);
  } catch (e) {
    console.error(`gen: ${(e as Error).message}`);
    process.exit(1);
  }
}
