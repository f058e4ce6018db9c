/**
 * The in-browser half of `pnpm bench --server` (bench/server.ts): four
 * widgets on a `<crm-source server dataset>`, the first draw timed from the
 * attribute to four drawn widgets, then cross-filter clicks timed from the
 * click to every other widget redrawn. Bundled into bench/data/server-page (not committed).
 */
import '@crmkit/elements/define';

type Widget = HTMLElement & { value?: unknown; updateComplete: Promise<boolean>; shadowRoot: ShadowRoot; [k: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

const TAGS = ['crm-kpis', 'crm-segment-pyramid', 'crm-pareto-curve', 'crm-profit-matrix'] as const;
const frame = () => new Promise<void>((r) => requestAnimationFrame(() => r()));

let widgets: Record<string, Widget> = {};

async function settled(except?: string): Promise<void> {
  // Twice: a widget may start its query only after the selection's change reaches it.
  for (let i = 0; i < 2; i++) {
    await frame();
    await Promise.all(Object.entries(widgets).filter(([t]) => t !== except).map(([, w]) => w.updateComplete));
  }
}

function errors(): string[] {
  return Object.entries(widgets).flatMap(([t, w]) => {
    const e = w.shadowRoot.querySelector('[part="error"]');
    return e ? [`${t}: ${e.textContent?.trim().slice(0, 200)}`] : [];
  });
}

async function firstDraw(server: string, dataset: string): Promise<{ ms: number; customers: number; errors: string[] }> {
  document.body.innerHTML = '';
  const wrap = document.createElement('div');
  wrap.style.width = '900px';
  wrap.innerHTML = `<crm-source id="s"></crm-source>${TAGS.map((t) => `<${t} source="s"></${t}>`).join('')}`;
  document.body.append(wrap);
  widgets = Object.fromEntries(TAGS.map((t) => [t, wrap.querySelector(t) as Widget]));
  const src = wrap.querySelector('crm-source') as HTMLElement & { model?: { customerCount: number } };
  const t0 = performance.now();
  src.setAttribute('dataset', dataset);
  src.setAttribute('server', server);
  const deadline = t0 + 600_000;
  while (TAGS.some((t) => widgets[t].value === undefined) && !errors().length && performance.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  await settled();
  return { ms: performance.now() - t0, customers: src.model?.customerCount ?? 0, errors: errors() };
}

/** One click: a tier, a rank range or a quadrant (or clearing it), then until every other widget has redrawn. */
async function click(i: number): Promise<{ ms: number; what: string; errors: string[] }> {
  const [tag, what, act] = steps()[i % 6];
  const t0 = performance.now();
  act();
  await settled(tag);
  return { ms: performance.now() - t0, what, errors: errors() };
}

/**
 * Before click `i` (`--prefetch`): the pointer enters the widget to be clicked, and what that sets off (the
 * other widgets' requests for each of its groups, and for clearing its own selection, sent ahead) is waited
 * for, as when a pointer rests on a widget before the click. A range of ranks is dragged to first (the curve
 * tells the range it would select: `previewRange`).
 */
async function ahead(i: number): Promise<number> {
  const [tag, what] = steps()[i % 6];
  const t0 = performance.now();
  widgets[tag].dispatchEvent(new Event('pointerenter'));
  if (what.startsWith('ranks 1')) await widgets[tag].previewRange({ from: 1, to: 1000 });
  await (document.querySelector('crm-source') as HTMLElement & { coordinator: { prefetched(): Promise<void> } }).coordinator.prefetched();
  return performance.now() - t0;
}

function steps(): [string, string, () => void][] {
  return [
    ['crm-segment-pyramid', 'tier gold', () => widgets['crm-segment-pyramid'].selectTier('gold')],
    ['crm-pareto-curve', 'ranks 1–1000', () => widgets['crm-pareto-curve'].selectRange({ from: 1, to: 1000 })],
    ['crm-profit-matrix', 'quadrant carriage', () => widgets['crm-profit-matrix'].selectQuadrant('carriage')],
    ['crm-segment-pyramid', 'tier cleared', () => widgets['crm-segment-pyramid'].selectTier(null)],
    ['crm-pareto-curve', 'ranks cleared', () => widgets['crm-pareto-curve'].selectRange(null)],
    ['crm-profit-matrix', 'quadrant cleared', () => widgets['crm-profit-matrix'].selectQuadrant(null)],
  ];
}

(window as unknown as { crmServerBench: unknown }).crmServerBench = { firstDraw, click, ahead };
