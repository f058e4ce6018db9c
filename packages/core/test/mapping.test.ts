/** Column mapping: English and Chinese headers, explicit mapping, and messages naming what is missing. */
import { describe, expect, it } from 'vitest';
import { resolveMapping } from '../src/index.js';
import { normalizeHeader } from '../src/mapping.js';
import { refusal } from './refusal.js';

describe('normalizeHeader', () => {
  it('folds case, spaces, punctuation and bracketed units', () => {
    expect(normalizeHeader('Customer ID')).toBe('customer_id');
    expect(normalizeHeader('\uFEFFOrder-Date')).toBe('order_date');
    expect(normalizeHeader('Amount (NT$)')).toBe('amount');
    expect(normalizeHeader('客戶 編號')).toBe('客戶編號');
    expect(normalizeHeader('金額（元）')).toBe('金額');
  });
});

describe('resolveMapping', () => {
  it('maps common English headers', () => {
    const m = resolveMapping('transactions', ['InvoiceNo', 'Customer ID', 'InvoiceDate', 'Quantity', 'UnitPrice', 'Description']);
    expect(m.columns).toEqual({
      customer_id: 'Customer ID',
      order_date: 'InvoiceDate',
      order_id: 'InvoiceNo',
      quantity: 'Quantity',
      unit_price: 'UnitPrice',
      product: 'Description',
    });
    expect(m.unused).toEqual([]);
  });

  it('maps Traditional and Simplified Chinese headers', () => {
    expect(resolveMapping('transactions', ['客戶編號', '訂單日期', '金額', '商品', '通路', '成本']).columns).toEqual({
      customer_id: '客戶編號',
      order_date: '訂單日期',
      amount: '金額',
      product: '商品',
      channel: '通路',
      cost: '成本',
    });
    expect(resolveMapping('transactions', ['客户编号', '订单日期', '金额', '订单编号', '数量']).columns).toEqual({
      customer_id: '客户编号',
      order_date: '订单日期',
      amount: '金额',
      order_id: '订单编号',
      quantity: '数量',
    });
    expect(resolveMapping('customers', ['會員編號', '姓名', '電話', '生日']).columns).toEqual({ customer_id: '會員編號', name: '姓名', phone: '電話', birthday: '生日' });
  });

  it('an explicit mapping wins over synonyms and frees the synonym column', () => {
    const m = resolveMapping('transactions', ['customer_id', 'date', 'amount', 'Net Sales'], { amount: 'Net Sales' });
    expect(m.columns.amount).toBe('Net Sales');
    expect(m.explicit).toEqual(['amount']);
    expect(m.unused).toEqual(['amount']);
  });

  it('explicit mapping matches a header loosely (case, spaces)', () => {
    expect(resolveMapping('transactions', ['Kunde', 'Tag', 'Summe Brutto'], { customer_id: 'kunde', order_date: 'Tag', amount: 'summe brutto' }).columns).toEqual({
      customer_id: 'Kunde',
      order_date: 'Tag',
      amount: 'Summe Brutto',
    });
  });

  it('names the missing required columns, lists the headers found and suggests map-*', () => {
    const e = refusal(() => resolveMapping('transactions', ['client', 'when', 'how much'], {}, 'shop.csv'));
    expect(e.code).toBe('missing-column');
    expect(e.message).toBe(
      'shop.csv has no "customer_id" or "order_date" or "amount" columns. Columns found: "client", "when", "how much". Rename the column or map it, e.g. map-customer-id="…" map-order-date="…" map-amount="…".',
    );
    expect(e.detail).toEqual({
      file: 'shop.csv',
      column: 'customer_id',
      missing: ['customer_id', 'order_date', 'amount'],
      columns: ['client', 'when', 'how much'],
      attributes: ['map-customer-id', 'map-order-date', 'map-amount'],
    });
  });

  it('derives amount from quantity and unit price instead of requiring it', () => {
    const m = resolveMapping('transactions', ['customer_id', 'date', 'qty', 'price']);
    expect(m.columns.amount).toBeUndefined();
    expect(m.columns.quantity).toBe('qty');
    expect(m.columns.unit_price).toBe('price');
  });

  it('refuses an unknown canonical column and a mapping to a header the file lacks', () => {
    const unknown = refusal(() => resolveMapping('transactions', ['customer_id', 'date', 'amount'], { ['revenue"; DROP TABLE t; --' as 'amount']: 'amount' }));
    expect(unknown.code).toBe('unknown-mapping');
    expect(unknown.message).toContain('is not a crmkit column');
    const absent = refusal(() => resolveMapping('transactions', ['customer_id', 'date', 'amount'], { amount: 'Total' }, 'a.csv'));
    expect(absent.code).toBe('mapped-column-missing');
    expect(absent.message).toBe('The mapping map-amount="Total" names a column that a.csv does not have. Columns found: "customer_id", "date", "amount".');
  });

  it('shortens long header lists in messages', () => {
    const headers = Array.from({ length: 15 }, (_, i) => `c${i}`);
    expect(refusal(() => resolveMapping('transactions', headers)).message).toContain('"c11", and 3 more');
  });
});
