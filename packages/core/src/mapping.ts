import { COLUMNS, type ColumnMapping, type ColumnSpec, type DataKind } from './schema.js';
import { CrmError } from './errors.js';

/**
 * Common header names for each canonical column, in English and Chinese
 * (Traditional and Simplified). Compared after `normalizeHeader`.
 */
export const SYNONYMS: Record<string, readonly string[]> = {
  customer_id: [
    'customer_id', 'customerid', 'customer', 'customer_no', 'customer_number', 'customer_code', 'cust_id', 'client_id',
    'clientid', 'member_id', 'memberid', 'member_no', 'user_id', 'userid', 'buyer_id', 'account_id', 'id',
    '客戶編號', '客户编号', '客戶id', '客户id', '客戶代號', '客户代号', '客戶代碼', '客户代码', '會員編號', '会员编号',
    '會員id', '会员id', '顧客編號', '顾客编号', '顧客id', '顾客id', '客戶', '客户', '會員', '会员',
  ],
  order_date: [
    'order_date', 'orderdate', 'date', 'invoice_date', 'invoicedate', 'transaction_date', 'purchase_date', 'sale_date',
    'sales_date', 'txn_date', 'order_time', 'created_at',
    '日期', '訂單日期', '订单日期', '交易日期', '購買日期', '购买日期', '消費日期', '消费日期', '銷售日期', '销售日期', '下單日期', '下单日期',
  ],
  amount: [
    'amount', 'total', 'total_amount', 'totalprice', 'total_price', 'revenue', 'sales', 'sales_amount', 'order_total',
    'order_amount', 'dollar_value', 'value', 'spend', 'net_sales',
    '金額', '金额', '銷售額', '销售额', '銷售金額', '销售金额', '消費金額', '消费金额', '交易金額', '交易金额', '總金額', '总金额',
    '訂單金額', '订单金额', '營收', '营收', '實收金額', '实收金额',
  ],
  order_id: [
    'order_id', 'orderid', 'order_no', 'order_number', 'invoice', 'invoiceno', 'invoice_no', 'invoice_number',
    'transaction_id', 'txn_id', 'receipt_no', 'receipt',
    '訂單編號', '订单编号', '訂單號碼', '订单号码', '訂單號', '订单号', '發票號碼', '发票号码', '單號', '单号', '交易編號', '交易编号',
  ],
  quantity: ['quantity', 'qty', 'units', 'number_of_cds', 'count', 'pieces', '數量', '数量', '件數', '件数'],
  unit_price: ['unit_price', 'unitprice', 'price', '單價', '单价', '價格', '价格'],
  product: [
    'product', 'product_name', 'productname', 'item', 'item_name', 'sku', 'stockcode', 'stock_code', 'description',
    '商品', '商品名稱', '商品名称', '產品', '产品', '品名', '品項', '品项',
  ],
  channel: ['channel', 'sales_channel', 'store', 'source', 'platform', '通路', '渠道', '銷售通路', '销售渠道', '門市', '门店'],
  cost: ['cost', 'cogs', 'cost_to_serve', 'service_cost', 'total_cost', '成本', '服務成本', '服务成本', '總成本', '总成本'],
  name: ['name', 'customer_name', 'full_name', 'client_name', '姓名', '客戶名稱', '客户名称', '名稱', '名称', '顧客姓名', '顾客姓名'],
  email: ['email', 'e_mail', 'mail', 'email_address', '電子郵件', '电子邮件', '信箱', '邮箱', '電郵', '电邮'],
  phone: ['phone', 'mobile', 'telephone', 'tel', 'cell', 'phone_number', '電話', '电话', '手機', '手机', '行動電話', '联系电话', '聯絡電話'],
  birthday: ['birthday', 'birth_date', 'birthdate', 'date_of_birth', 'dob', '生日', '出生日期'],
  address: ['address', 'addr', 'street', '地址', '住址', '通訊地址', '通讯地址'],
  signup_date: [
    'signup_date', 'signupdate', 'join_date', 'registration_date', 'registered_at', 'first_seen', 'member_since',
    '註冊日期', '注册日期', '加入日期', '入會日期', '入会日期',
  ],
  acquisition_channel: ['acquisition_channel', 'acq_channel', 'acquired_via', 'signup_channel', '獲客通路', '获客渠道', '來源通路', '来源渠道'],
  acquisition_cost: ['acquisition_cost', 'acq_cost', 'cac', '獲客成本', '获客成本', '取得成本'],
  tags: ['tags', 'tag', 'labels', 'segment_tags', '標籤', '标签'],
  // Events: who (a visitor or a customer id), what, when, and where from.
  visitor_id: [
    'visitor_id', 'visitorid', 'visitor', 'anonymous_id', 'anon_id', 'distinct_id', 'device_id', 'cookie_id', 'person_id', 'customer_id', 'customerid', 'user_id', 'userid',
    '訪客編號', '访客编号', '訪客id', '访客id', '訪客', '访客', '客戶編號', '客户编号', '會員編號', '会员编号',
  ],
  event: ['event', 'event_name', 'eventname', 'action', 'event_type', 'step', '事件', '事件名稱', '事件名称', '行為', '行为'],
  timestamp: [
    'timestamp', 'time', 'event_time', 'datetime', 'date_time', 'occurred_at', 'created_at', 'ts', 'date',
    '時間', '时间', '事件時間', '事件时间', '日期時間', '日期时间', '日期',
  ],
  campaign: ['campaign', 'campaign_name', 'utm_campaign', '活動', '活动', '行銷活動', '营销活动'],
  properties: ['properties', 'props', 'attributes', 'event_properties', '屬性', '属性'],
};

/** `Customer ID` → `customer_id`, `客戶 編號` → `客戶編號`. */
export function normalizeHeader(h: string): string {
  return h
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s\-.\/]+/g, '_')
    .replace(/[（(].*?[)）]/g, '')
    .replace(/_+/g, '_')
    .replace(/^_|_$/g, '')
    .replace(/(?<=[^\x00-\x7f])_|_(?=[^\x00-\x7f])/g, '');
}

/** The key two headers are compared by: no separators at all. */
const key = (h: string) => normalizeHeader(h).replace(/_/g, '');

export interface ResolvedMapping {
  /** canonical column → the file's header */
  columns: Partial<Record<string, string>>;
  /** which were set explicitly */
  explicit: string[];
  /** file headers not used */
  unused: string[];
}

/**
 * Map a file's headers onto the canonical columns: explicit mapping first,
 * then the synonym table. Throws a `CrmError` naming what is missing.
 */
export function resolveMapping(
  kind: DataKind,
  headers: readonly string[],
  explicit: ColumnMapping = {},
  file = 'the data',
): ResolvedMapping {
  const specs = COLUMNS[kind];
  const known = new Set(specs.map((s) => s.name));
  const columns: Record<string, string> = {};
  const used = new Set<string>();
  const byKey = new Map<string, string>();
  for (const h of headers) if (!byKey.has(key(h))) byKey.set(key(h), h);

  for (const [canon, header] of Object.entries(explicit)) {
    if (header === undefined || header === '') continue;
    if (!known.has(canon)) {
      throw new CrmError('unknown-mapping', { file, column: canon, known: [...known] });
    }
    const found = headers.includes(header) ? header : byKey.get(key(header));
    if (!found) {
      throw new CrmError('mapped-column-missing', { file, column: header, columns: [...headers], attributes: [`map-${canon.replaceAll('_', '-')}`] });
    }
    columns[canon] = found;
    used.add(found);
  }
  for (const spec of specs) {
    if (columns[spec.name]) continue;
    for (const syn of SYNONYMS[spec.name] ?? [spec.name]) {
      const h = byKey.get(key(syn));
      if (h && !used.has(h)) {
        columns[spec.name] = h;
        used.add(h);
        break;
      }
    }
  }
  // amount may be derived from quantity × unit_price.
  const derivable = (s: ColumnSpec) => s.name === 'amount' && columns.quantity && columns.unit_price;
  const missing = specs.filter((s) => s.required && !columns[s.name] && !derivable(s));
  if (missing.length) {
    const names = missing.map((s) => s.name);
    throw new CrmError('missing-column', { file, column: names[0], missing: names, columns: [...headers], attributes: names.map((n) => `map-${n.replaceAll('_', '-')}`) });
  }
  return { columns, explicit: Object.keys(explicit), unused: headers.filter((h) => !used.has(h)) };
}
