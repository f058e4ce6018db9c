import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Keyboard focus on a chart mark across redraws. Every render draws a new
 * SVG, so selecting a mark with Enter (which re-runs the query) would drop the
 * focus to the page. A widget adds `new MarkFocusKeeper(this)`: before each
 * update it notes the focused mark, after it the mark with the same
 * `data-key` (else at the same position) gets the focus back — also when a
 * render in between showed no chart at all (e.g. the loading state before the
 * widget knew its width). Focus the user has moved to anything else is never
 * taken back.
 */
const marks = (root: ShadowRoot) => Array.from(root.querySelectorAll<SVGElement>('[part="chart"] .mark'));

export class MarkFocusKeeper implements ReactiveController {
  private key: string | null = null;
  private index = -1;
  /** A mark had the focus, and the chart was not there to give it back. */
  private waiting = false;

  constructor(private readonly host: ReactiveControllerHost & { renderRoot: HTMLElement | DocumentFragment }) {
    host.addController(this);
  }

  hostUpdate(): void {
    this.before(this.host.renderRoot as ShadowRoot);
  }

  hostUpdated(): void {
    this.after(this.host.renderRoot as ShadowRoot);
  }

  private before(root: ShadowRoot): void {
    const active = root.activeElement;
    const index = active ? marks(root).indexOf(active as SVGElement) : -1;
    if (index >= 0) {
      this.key = active!.getAttribute('data-key');
      this.index = index;
      this.waiting = false;
    } else if (!this.waiting) this.index = -1;
  }

  private after(root: ShadowRoot): void {
    if (this.index < 0) return;
    const all = marks(root);
    if (all.length === 0) {
      this.waiting = true;
      return;
    }
    const lost = root.activeElement === null && (document.activeElement === document.body || document.activeElement === root.host || document.activeElement === null);
    const m = (this.key !== null && all.find((x) => x.getAttribute('data-key') === this.key)) || all[this.index];
    if (m && lost) m.focus({ preventScroll: true });
    this.waiting = false;
  }
}
