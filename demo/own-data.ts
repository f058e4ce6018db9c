/**
 * "Use your own data": <crm-source droppable> reads the dropped file in the page; this form lists the file's
 * headers so the person can say which column is the customer, the date, the amount… (written as map-*
 * attributes, which make the source load again). Nothing leaves the browser.
 */
import '@crmkit/elements/bundle';
import { TRANSACTION_COLUMNS, parquetToIPC, toUtf8, type Encoding } from '@crmkit/core';
import type { CrmErrorEventDetail, CrmLoadDetail, CrmSource } from '@crmkit/elements';
import { mountDashboard } from './lib/dashboard';
import { mountNav } from './lib/nav';

mountNav(document.querySelector('nav.site')!);
const source = document.getElementById('mine') as CrmSource;
const form = document.getElementById('mapping') as HTMLFormElement;
const dashboard = document.getElementById('dashboard')!;

const LABELS: Record<string, string> = {
  customer_id: 'Customer (id) *',
  order_date: 'Order date *',
  amount: 'Amount *',
  order_id: 'Order id',
  quantity: 'Quantity',
  unit_price: 'Unit price',
  product: 'Product',
  channel: 'Channel',
  cost: 'Cost',
};

let shownFor: Blob | undefined;
let headers: string[] = [];

/** The header row of a CSV (delimiter guessed from the first line) or the column names of a Parquet file. */
async function readHeaders(file: Blob): Promise<string[]> {
  const name = file instanceof File ? file.name : '';
  const head = new Uint8Array(await file.slice(0, 4).arrayBuffer());
  if (/\.parquet$/i.test(name) || String.fromCharCode(...head) === 'PAR1') {
    return (await parquetToIPC(new Uint8Array(await file.arrayBuffer()), name)).columns;
  }
  // Decoded as the loader decodes the file (BOM, UTF-16, UTF-8, else Big5 / GB18030, or the source's encoding),
  // from a slice cut at a line end so no character is split.
  let head8 = new Uint8Array(await file.slice(0, 65536).arrayBuffer());
  let end = head8.lastIndexOf(0x0a);
  if (end > 0 && head8[end + 1] === 0) end += 1; // UTF-16LE: the newline's second byte
  if (end > 0 && end < head8.length - 1) head8 = head8.subarray(0, end + 1);
  const { bytes } = toUtf8(head8, (source.getAttribute('encoding') || 'auto') as Encoding);
  const text = new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
  const line = text.split(/\r?\n/, 1)[0] ?? '';
  const delim = [',', ';', '\t', '|'].reduce((best, d) => (line.split(d).length > line.split(best).length ? d : best), ',');
  return line.split(delim).map((h) => h.trim().replace(/^"(.*)"$/, '$1'));
}

function currentMapping(): Record<string, string> {
  const m: Record<string, string> = {};
  for (const a of Array.from(source.attributes)) if (a.name.startsWith('map-')) m[a.name.slice(4).replaceAll('-', '_')] = a.value;
  return m;
}

let formFor: Blob | undefined;

function renderForm(detected: Record<string, string | undefined>) {
  const explicit = currentMapping();
  if (formFor === shownFor) {
    // Same file: keep the form (and what the person chose), show what the loader matched.
    for (const select of Array.from(form.querySelectorAll('select'))) {
      const v = explicit[select.name] ?? detected[select.name];
      if (v !== undefined) select.value = v;
    }
    return;
  }
  formFor = shownFor;
  form.querySelectorAll('label, fieldset').forEach((l) => l.remove());
  for (const c of TRANSACTION_COLUMNS) {
    const label = document.createElement('label');
    label.textContent = LABELS[c.name] ?? c.name;
    const select = document.createElement('select');
    select.name = c.name;
    select.append(new Option(c.required ? '— choose —' : '— not in my file —', ''));
    for (const h of headers) select.append(new Option(h, h));
    select.value = explicit[c.name] ?? detected[c.name] ?? '';
    select.addEventListener('change', () => {
      const attr = `map-${c.name.replaceAll('_', '-')}`;
      if (select.value) source.setAttribute(attr, select.value);
      else source.removeAttribute(attr);
    });
    label.append(select);
    form.append(label);
  }
  form.append(readingControls());
  form.hidden = false;
}

/** How dates and numbers are written: date-format and decimal on the source (a change makes it load again). */
function readingControls(): HTMLFieldSetElement {
  const set = document.createElement('fieldset');
  const legend = document.createElement('legend');
  legend.textContent = 'How the file writes dates and numbers';
  set.append(legend);
  const control = (attr: string, text: string, options: [string, string][]) => {
    const label = document.createElement('label');
    label.textContent = text;
    const select = document.createElement('select');
    select.name = attr;
    for (const [value, name] of options) select.append(new Option(name, value));
    select.value = source.getAttribute(attr) ?? '';
    select.addEventListener('change', () => (select.value ? source.setAttribute(attr, select.value) : source.removeAttribute(attr)));
    label.append(select);
    set.append(label);
  };
  control('date-format', 'Dates', [
    ['', 'Recognised (2024-03-05, 20240305, 2024/03/05, 2024年3月5日)'],
    ['%d/%m/%Y', 'Day first: 31/12/2024'],
    ['%m/%d/%Y', 'Month first: 12/31/2024'],
    ['%d.%m.%Y', 'Day first with dots: 31.12.2024'],
    ['%d-%m-%Y', 'Day first with dashes: 31-12-2024'],
  ]);
  control('decimal', 'Decimal mark', [
    ['', 'Point: 1,234.50'],
    [',', 'Comma: 1.234,50'],
  ]);
  return set;
}

async function showHeaders(detected: Record<string, string | undefined>) {
  const file = source.file;
  if (!file) return;
  if (file !== shownFor) {
    // A new file: forget the previous file's mapping.
    for (const a of Array.from(source.attributes)) if (a.name.startsWith('map-')) source.removeAttribute(a.name);
    shownFor = file;
    try {
      headers = await readHeaders(file);
    } catch {
      headers = [];
    }
  }
  renderForm(detected);
}

source.addEventListener('crm-load', (e) => {
  const d = (e as CustomEvent<CrmLoadDetail>).detail;
  if (source.file) {
    void showHeaders(d.mapping);
  }
  if (!dashboard.hasChildNodes()) mountDashboard(dashboard, source.id);
});
source.addEventListener('crm-error', (e) => {
  const d = (e as CustomEvent<CrmErrorEventDetail>).detail;
  if (source.file && d.code !== 'cancelled') void showHeaders({});
});
