/** <crm-source decimal=","> reads amounts with a decimal comma; without it they are refused with a hint naming the option, in each language. */
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import './setup.js';
import { ident, queryRows, sql } from '@crmkit/core';
import type { CrmErrorEventDetail, CrmKpis, CrmSource } from '@crmkit/elements';

const FILE = 'customer_id;order_date;amount\nA;2024-01-05;219,97\nB;2024-01-06;1.234,50\nB;2024-01-07;0,53\n';
const file = () => new File([FILE], 'eu-amounts.csv', { type: 'text/csv' });

describe('decimal comma on <crm-source>', () => {
  it('decimal="," reads 219,97 and 1.234,50 as 219.97 and 1234.5', async () => {
    const el = await fixture<CrmSource>(html`<crm-source decimal="," lang="en"><crm-kpis currency="EUR" days="30"></crm-kpis></crm-source>`);
    const loaded = oneEvent(el, 'crm-load');
    el.file = file();
    await loaded;
    const ds = el.model!;
    const rows = await queryRows<{ customer_id: string; revenue: number }>(ds.engine, sql`SELECT customer_id, revenue FROM ${ident(ds.facts)} ORDER BY 1`);
    // A: 219.97; B: 1,234.50 + 0.53 = 1,235.03 (to the cent: sums of doubles)
    expect(rows.map((r) => [r.customer_id, Math.round(r.revenue * 100) / 100])).to.deep.equal([
      ['A', 219.97],
      ['B', 1235.03],
    ]);
    // the KPI revenue: 219.97 + 1,235.03 = 1,455.00
    const kpis = el.querySelector('crm-kpis') as CrmKpis;
    await waitUntil(() => kpis.value, 'no KPIs', { timeout: 30_000 });
    expect(Math.round(kpis.value!.current.revenue! * 100) / 100).to.equal(1455);
  });

  it('<crm-dashboard decimal=","> passes the mark to its source, which reads the file with it', async () => {
    const dash = await fixture<HTMLElement>(html`<crm-dashboard decimal="," lang="en"></crm-dashboard>`);
    const inner = (dash.shadowRoot ?? dash).querySelector('crm-source') as CrmSource;
    expect(inner, 'the dashboard has a source').to.exist;
    await waitUntil(() => inner.decimal === ',', 'decimal not passed through', { timeout: 5000 });
    const loaded = oneEvent(inner, 'crm-load');
    inner.file = file();
    await loaded;
    const ds = inner.model!;
    // A: 219.97; B: 1,234.50 + 0.53 = 1,235.03
    const rows = await queryRows<{ customer_id: string; revenue: number }>(ds.engine, sql`SELECT customer_id, revenue FROM ${ident(ds.facts)} ORDER BY 1`);
    expect(rows.map((r) => [r.customer_id, Math.round(r.revenue * 100) / 100])).to.deep.equal([
      ['A', 219.97],
      ['B', 1235.03],
    ]);
  });

  for (const [lang, sentence] of [
    ['en', 'Amounts like "219,97" written with a decimal comma need decimal=",".'],
    ['zh-Hant', '像「219,97」這樣以逗號為小數點的金額需要設定 decimal=","。'],
    ['zh-Hans', '像“219,97”这样以逗号为小数点的金额需要设置 decimal=","。'],
  ] as const) {
    it(`${lang}: without it, 219,97 is refused and the message suggests decimal=","`, async () => {
      const el = await fixture<CrmSource>(html`<crm-source lang=${lang}><crm-kpis></crm-kpis></crm-source>`);
      const failed = oneEvent(el, 'crm-error');
      el.file = file();
      const d = ((await failed) as CustomEvent<CrmErrorEventDetail>).detail;
      expect(d.code).to.equal('invalid-value');
      expect(d.hint).to.deep.equal({ kind: 'decimal', example: '219,97' });
      expect(d.message).to.contain('"219,97" is not a number');
      expect(d.message).to.contain('Amounts like "219,97" written with a decimal comma need decimal=",".');
      expect(d.localizedMessage ?? d.message).to.contain(sentence);
      const widget = el.querySelector('crm-kpis') as CrmKpis;
      await waitUntil(() => widget.shadowRoot!.querySelector('[part="error"]'), 'the widget shows no error', { timeout: 30_000 });
      const shown = widget.shadowRoot!.querySelector('[part="error"] [part="error-message"]') ?? widget.shadowRoot!.querySelector('[part="error"]');
      expect(shown!.textContent).to.contain(sentence);
    });
  }
});
