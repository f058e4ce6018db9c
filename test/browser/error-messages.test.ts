/**
 * Error messages on Chinese pages: <crm-source lang="zh-Hant|zh-Hans"> with a
 * widget inside loads a bad corpus file; both shadow roots show the headline,
 * the whole message in Chinese and the English original, and the crm-error
 * event carries both. English pages show the English message alone.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import './setup.js';
import { WasmEngine } from '@crmkit/core';
import { localizedErrorMessage, type CrmErrorEventDetail, type CrmKpis, type CrmSource } from '@crmkit/elements';
import { corpus, outcome } from './loading.js';

async function load(lang: string, src: string | File) {
  const el = await fixture<CrmSource>(html`<crm-source lang=${lang}><crm-kpis></crm-kpis></crm-source>`);
  const got = outcome(el);
  if (typeof src === 'string') el.src = src;
  else el.file = src;
  const r = await got;
  expect(r.type, JSON.stringify(r.detail)).to.equal('crm-error');
  await el.updateComplete;
  const widget = el.querySelector('crm-kpis') as CrmKpis;
  await waitUntil(() => widget.shadowRoot!.querySelector('[part="error"]'), 'the widget shows no error', { timeout: 30_000 });
  return { el, widget, d: r.detail as CrmErrorEventDetail };
}

/** The error box of a shadow root: headline, message, English original. */
function box(root: ShadowRoot) {
  const alert = root.querySelector('[role=alert]')!;
  expect(alert, 'visible error').to.exist;
  expect(alert.getAttribute('part')).to.equal('error');
  return {
    code: alert.getAttribute('data-code'),
    headline: alert.querySelector('[part=error-headline]')?.textContent,
    message: alert.querySelector('[part=error-message]')?.textContent,
    original: alert.querySelector('details[part=error-original]'),
    text: alert.textContent,
  };
}

describe('error messages in Chinese', () => {
  it('zh-Hant: a missing column, in the source and in the widget, and in the event', async () => {
    const { el, widget, d } = await load('zh-Hant', corpus('missing-amount.csv'));
    const zh = 'missing-amount.csv 沒有「amount」欄位。找到的欄位：「customer_id」、「order_date」。請重新命名欄位，或設定對應，例如 map-amount="…"。';
    expect(d.code).to.equal('missing-column');
    expect(d.message).to.equal('missing-amount.csv has no "amount" column. Columns found: "customer_id", "order_date". Rename the column or map it, e.g. map-amount="…".');
    expect(d.localizedMessage).to.equal(zh);
    expect(d).to.deep.include({ missing: ['amount'], columns: ['customer_id', 'order_date'], attributes: ['map-amount'] });
    for (const root of [el.shadowRoot!, widget.shadowRoot!]) {
      const b = box(root);
      expect(b.code).to.equal('missing-column');
      expect(b.headline).to.equal('缺少必要欄位');
      expect(b.message).to.equal(zh);
      expect(b.original!.textContent).to.equal('英文原文' + d.message);
      expect((b.original as HTMLDetailsElement).open).to.equal(false);
      expect(b.original!.getAttribute('lang')).to.equal('en');
    }
  });

  it('zh-Hans: day-first dates name the rows and suggest date-format', async () => {
    const { el, widget, d } = await load('zh-Hans', corpus('date-dmy.csv'));
    const zh =
      'date-dmy.csv，字段“order_date”，第 1 行：“05/01/2024”不是日期。此字段共有 2 行无法读取（前几行：第 1、2 行）。像“05/01/2024”这样的日期需要设置 date-format="%d/%m/%Y"（日在前）或 "%m/%d/%Y"（月在前）。请修正文件，或设置 on-invalid="skip" 以加载其他行。';
    expect(d.code).to.equal('invalid-value');
    expect(d.localizedMessage).to.equal(zh);
    expect(d.hint).to.deep.equal({ kind: 'date-format', example: '05/01/2024' });
    for (const root of [el.shadowRoot!, widget.shadowRoot!]) {
      const b = box(root);
      expect(b.headline).to.equal('有无法读取的值');
      expect(b.message).to.equal(zh);
      expect(b.original!.textContent).to.contain(d.message);
    }
  });

  it('values from the file are text, never markup', async () => {
    const csv = 'customer_id,order_date,amount\nC1,2024-01-01,<img src=x onerror="window.__xssError=1">\n';
    const { el, widget, d } = await load('zh-Hant', new File([csv], '<b>bad</b>.csv', { type: 'text/csv' }));
    expect(d.localizedMessage).to.equal(
      '<b>bad</b>.csv，欄位「amount」，第 1 列：「<img src=x onerror="window.__xssError=1">」不是數字。請修正檔案，或設定 on-invalid="skip" 以載入其他列。',
    );
    for (const root of [el.shadowRoot!, widget.shadowRoot!]) {
      expect(box(root).message).to.equal(d.localizedMessage);
      expect(root.querySelector('[role=alert] img, [role=alert] b')).to.equal(null);
    }
    expect((window as unknown as { __xssError?: number }).__xssError).to.equal(undefined);
  });

  it('English pages show the English message alone', async () => {
    const { el, widget, d } = await load('en', corpus('missing-amount.csv'));
    expect(d.localizedMessage).to.equal(d.message);
    for (const root of [el.shadowRoot!, widget.shadowRoot!]) {
      const b = box(root);
      expect(b.text).to.equal(d.message);
      expect(b.original).to.equal(null);
    }
  });

  it('an engine that cannot start is explained in Chinese', async () => {
    let error: unknown;
    try {
      await WasmEngine.create({ mainModule: '/__duckdb/duckdb-eh.wasm', mainWorker: '/__duckdb/no-such-worker.js' });
    } catch (e) {
      error = e;
    }
    const e = error as { code: string; message: string; detail: { reason?: string; asset?: string } };
    expect(e.code).to.equal('engine');
    expect(e.detail.asset).to.equal('/__duckdb/duckdb-eh.wasm');
    expect(localizedErrorMessage('zh-Hant', e)).to.equal(`DuckDB 分析引擎無法啟動（系統訊息：${e.detail.reason}）。請確認伺服器有提供 /__duckdb/duckdb-eh.wasm。`);
    expect(e.detail.reason).to.contain('no-such-worker.js');
  });
});
