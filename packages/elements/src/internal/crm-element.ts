import { LitElement } from 'lit';
import { localizedErrorMessage } from '../i18n/errors.js';
import { resolveLang, type Lang } from '../i18n/locale.js';
import type { CrmErrorEventDetail } from '../events.js';

/** Base of every crmkit element: typed events that bubble out of shadow roots. */
export class CrmElement extends LitElement {
  /** The language the element speaks: its own `lang`, else the nearest ancestor's, else the page's. */
  protected get currentLang(): Lang {
    return resolveLang(this);
  }

  /**
   * Dispatch `name` with `detail`; bubbles and crosses shadow boundaries.
   * A `crm-error` gains `localizedMessage`: the message in the element's language.
   */
  emit<T>(name: string, detail: T, options: { cancelable?: boolean } = {}): CustomEvent<T> {
    if (name === 'crm-error' && detail && typeof (detail as Partial<CrmErrorEventDetail>).message === 'string' && !('localizedMessage' in (detail as object))) {
      const d = detail as unknown as CrmErrorEventDetail;
      detail = { ...d, localizedMessage: localizedErrorMessage(this.currentLang, { code: d.code, message: d.message, detail: d }) } as T;
    }
    const ev = new CustomEvent<T>(name, { detail, bubbles: true, composed: true, cancelable: options.cancelable ?? false });
    this.dispatchEvent(ev);
    return ev;
  }
}

/** Register an element once (safe when two bundles are on one page). */
export function define(tag: string, ctor: CustomElementConstructor): void {
  if (!customElements.get(tag)) customElements.define(tag, ctor);
}
