/** Helpers for the loading tests: corpus URLs, the first load outcome of a source, a generated big CSV. */
import type { CrmErrorEventDetail, CrmLoadDetail } from '@crmkit/elements';

export const corpus = (f: string) => `/test/fixtures/corpus/${f}`;

/** Resolves with the first crm-load or crm-error of the element. */
export function outcome(el: HTMLElement): Promise<{ type: 'crm-load'; detail: CrmLoadDetail } | { type: 'crm-error'; detail: CrmErrorEventDetail }> {
  return new Promise((resolve) => {
    const done = (e: Event) => {
      if ((e as CustomEvent).detail?.source && (e as CustomEvent).detail.source !== 'crm-source') return; // a widget's, bubbling
      el.removeEventListener('crm-load', done);
      el.removeEventListener('crm-error', done);
      resolve({ type: e.type, detail: (e as CustomEvent).detail } as never);
    };
    el.addEventListener('crm-load', done);
    el.addEventListener('crm-error', done);
  });
}

/** A generated CSV of n transactions (customer i % 1000, dates over 2024, amount i % 97 − 5). */
export function bigCsv(n: number): Blob {
  const parts: string[] = ['customer_id,order_date,amount\n'];
  let chunk = '';
  for (let i = 0; i < n; i++) {
    chunk += `C${i % 1000},2024-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')},${(i % 97) - 5}\n`;
    if (chunk.length > 1 << 20) (parts.push(chunk), (chunk = ''));
  }
  parts.push(chunk);
  return new Blob(parts, { type: 'text/csv' });
}

/**
 * Uncaught errors and unhandled rejections while a `describe` block runs
 * (call it inside the block); tests assert the returned list stays empty.
 */
export function trackUncaught(): unknown[] {
  const uncaught: unknown[] = [];
  const onError = (e: ErrorEvent) => uncaught.push(e.error ?? e.message);
  const onRejection = (e: PromiseRejectionEvent) => uncaught.push(e.reason);
  before(() => {
    window.addEventListener('error', onError);
    window.addEventListener('unhandledrejection', onRejection);
  });
  after(() => {
    window.removeEventListener('error', onError);
    window.removeEventListener('unhandledrejection', onRejection);
  });
  return uncaught;
}

/** Fails instead of stalling the run when a promise never settles (a frozen page, a hung engine). */
export function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([p, new Promise<never>((_, no) => setTimeout(() => no(new Error(`${what} did not happen within ${ms / 1000} s (frozen?)`)), ms))]);
}
