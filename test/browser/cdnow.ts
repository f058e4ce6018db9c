/** CDNOW parsed in plain TypeScript: an independent path to check what the SQL computes. */
import { shared } from './setup.js';

export interface Row {
  customer_id: string;
  order_date: string;
  quantity: number;
  amount: number;
}

let cache: Promise<Row[]> | undefined;
export const CDNOW_URL = shared('datasets/cdnow/cdnow_transactions.csv');

export function cdnowRows(): Promise<Row[]> {
  return (cache ??= fetch(CDNOW_URL)
    .then((r) => r.text())
    .then((text) =>
      text
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => {
          const [customer_id, order_date, quantity, amount] = line.split(',');
          return { customer_id, order_date, quantity: Number(quantity), amount: Number(amount) };
        }),
    ));
}
