/**
 * A small multi-channel sample with planted errors whose counts are known: three transactions
 * exports (web, app, store; each with its own headers, none with a channel column) and one customer
 * register. Some people are in two channels under slightly different contact details (the email in
 * capitals with spaces, the phone written another way); every kind of error the data-quality report
 * looks for is planted a known number of times (`planted`). Deterministic: no randomness.
 *
 * People 0–59, record id W<i> / A<i> / S<i> by their first channel (i mod 3 = 0, 1, 2).
 */

export type Channel = 'web' | 'app' | 'store';

export interface MultiChannelSample {
  /** The three exports: their rows use each file's own headers. */
  files: { channel: Channel; name: string; rows: Record<string, unknown>[] }[];
  register: Record<string, unknown>[];
  /** What was planted, to be found exactly. */
  planted: {
    people: number;
    registerRows: number;
    transactionRows: number;
    /** People with a second record in another channel: each is one merge (by email). */
    twoChannel: number;
    /** Two people sharing a phone (different names and emails): conflicts. */
    phoneConflicts: number;
    missingEmail: number;
    /** The second records of the two-channel people have no birthday. */
    missingBirthday: number;
    invalidEmail: number;
    invalidPhone: number;
    impossibleBirthday: number;
    futureOrders: number;
    duplicateRows: number;
    orphanRows: number;
    orphanCustomers: number;
    noPurchase: number;
    outlierShop: number;
    outlierCustomer: number;
    acrossFiles: number;
  };
}

const CHANNELS: Channel[] = ['web', 'app', 'store'];
const PREFIX: Record<Channel, string> = { web: 'W', app: 'A', store: 'S' };
const TWO_CHANNEL = [0, 10, 20, 30, 40, 50];
const INVALID_EMAIL = [7, 17];
const INVALID_PHONE = [8, 18, 28];
const MISSING_EMAIL = [9, 19];
const IMPOSSIBLE_BIRTHDAY = [11];
const NO_PURCHASE = [12, 13];
const FULL_WIDTH = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)));

/** The sample (the same every time). `today` for the checks is 2025-06-30. */
export function multiChannelSample(): MultiChannelSample {
  const people = 60;
  const register: Record<string, unknown>[] = [];
  const tx: Record<Channel, { customer: string; order: string; date: string; amount: number }[]> = { web: [], app: [], store: [] };
  const phones: string[] = [];
  let order = 1000;
  const orderRow = (ch: Channel, customer: string, date: string, amount: number) => tx[ch].push({ customer, order: `${PREFIX[ch]}O${++order}`, date, amount });
  for (let i = 0; i < people; i++) {
    const ch = CHANNELS[i % 3];
    const id = `${PREFIX[ch]}${i}`;
    const mobile = `09${String(10_000_000 + i * 7919).slice(-8)}`; // 09xxxxxxxx
    const email = `person${i}@example.com`;
    register.push({
      customer_id: id,
      name: `Person ${i}`,
      email: MISSING_EMAIL.includes(i) ? null : INVALID_EMAIL.includes(i) ? `person${i}(at)example.com` : email,
      phone: (phones[i] = INVALID_PHONE.includes(i) ? `12-${i}` : i === 6 ? phones[5] : `${mobile.slice(0, 4)}-${mobile.slice(4, 7)}-${mobile.slice(7)}`),
      birthday: IMPOSSIBLE_BIRTHDAY.includes(i) ? '2030-05-05' : `19${60 + (i % 40)}-0${1 + (i % 9)}-1${i % 10}`,
      signup_date: `2023-0${1 + (i % 9)}-0${1 + (i % 9)}`,
      acquisition_channel: ch,
    });
    if (NO_PURCHASE.includes(i)) continue;
    for (let k = 0; k < 3; k++) orderRow(ch, id, `2024-0${1 + k * 3}-1${i % 10}`, 20 + ((i * 7 + k * 13) % 61));
    if (TWO_CHANNEL.includes(i)) {
      // The same person in the next channel: email in capitals with spaces, phone as +886 with full-width digits.
      const ch2 = CHANNELS[(i + 1) % 3];
      const id2 = `${PREFIX[ch2]}${i}`;
      register.push({
        customer_id: id2,
        name: `Person ${i}`,
        email: `  ${email.toUpperCase()} `,
        phone: FULL_WIDTH(`+886 ${mobile.slice(1, 4)} ${mobile.slice(4, 7)} ${mobile.slice(7)}`),
        birthday: null,
        signup_date: '2024-02-02',
        acquisition_channel: ch2,
      });
      orderRow(ch2, id2, '2024-05-05', 33);
      orderRow(ch2, id2, '2024-06-06', 44);
    }
  }
  // Person 6 shares person 5's phone (other name, other email): a conflict, not a merge.
  // Planted transaction errors:
  orderRow('app', 'A16', '2024-08-08', 5000); // shop outlier (10 × the median of 20–80 is at least 200) and the customer's (5 × median)
  orderRow('store', 'S14', '2030-01-01', 30); // future order
  tx.web.push({ ...tx.web.find((r) => r.customer === 'W15')! }); // a row repeated in its file
  orderRow('store', 'X999', '2024-04-04', 25); // not in the register (2 rows, 1 customer)
  orderRow('store', 'X999', '2024-04-05', 26);
  tx.store.push({ ...tx.web.find((r) => r.customer === 'W21')! }); // a web row exported again by the store
  const files: MultiChannelSample['files'] = [
    { channel: 'web', name: 'web-orders.csv', rows: tx.web.map((r) => ({ order_id: r.order, member_id: r.customer, order_date: r.date, amount: r.amount })) },
    { channel: 'app', name: 'app-訂單.csv', rows: tx.app.map((r) => ({ 訂單編號: r.order, 會員編號: r.customer, 訂單日期: r.date, 金額: r.amount })) },
    { channel: 'store', name: 'store-pos.csv', rows: tx.store.map((r) => ({ receipt_no: r.order, customer: r.customer, date: r.date, qty: 1, price: r.amount })) },
  ];
  return {
    files,
    register,
    planted: {
      people,
      registerRows: register.length,
      transactionRows: files.reduce((n, f) => n + f.rows.length, 0),
      twoChannel: TWO_CHANNEL.length,
      phoneConflicts: 1,
      missingEmail: MISSING_EMAIL.length,
      missingBirthday: TWO_CHANNEL.length,
      invalidEmail: INVALID_EMAIL.length,
      invalidPhone: INVALID_PHONE.length,
      impossibleBirthday: IMPOSSIBLE_BIRTHDAY.length,
      futureOrders: 1,
      duplicateRows: 1,
      orphanRows: 2,
      orphanCustomers: 1,
      noPurchase: NO_PURCHASE.length,
      outlierShop: 1,
      outlierCustomer: 1,
      acrossFiles: 1,
    },
  };
}

/** The sample as CSV text, one string a file (the demo serves them). */
export function toCsv(rows: Record<string, unknown>[]): string {
  const cols = Object.keys(rows[0]);
  const cell = (v: unknown) => (v == null ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replaceAll('"', '""')}"` : String(v));
  return [cols.join(','), ...rows.map((r) => cols.map((c) => cell(r[c])).join(','))].join('\n') + '\n';
}
