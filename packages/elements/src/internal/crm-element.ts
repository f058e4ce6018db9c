import { LitElement } from 'lit';

/** Base of every crmkit element: typed events that bubble out of shadow roots. */
export class CrmElement extends LitElement {
  /** Dispatch `name` with `detail`; bubbles and crosses shadow boundaries. */
  emit<T>(name: string, detail: T, options: { cancelable?: boolean } = {}): CustomEvent<T> {
    const ev = new CustomEvent<T>(name, { detail, bubbles: true, composed: true, cancelable: options.cancelable ?? false });
    this.dispatchEvent(ev);
    return ev;
  }
}

/** Register an element once (safe when two bundles are on one page). */
export function define(tag: string, ctor: CustomElementConstructor): void {
  if (!customElements.get(tag)) customElements.define(tag, ctor);
}
