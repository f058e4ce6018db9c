/**
 * Text widths for the charts' label layout, measured in the element's own font with a canvas
 * (`measureText`), so Chinese labels, which are wider than Latin ones, are sized as they will be drawn.
 * Charts receive it as their `measure` option and stay free of DOM assumptions.
 */
import type { Measure } from '@crmkit/charts';

let ctx: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D | null | undefined;

function context() {
  if (ctx !== undefined) return ctx;
  try {
    ctx = typeof OffscreenCanvas !== 'undefined' ? new OffscreenCanvas(1, 1).getContext('2d') : document.createElement('canvas').getContext('2d');
  } catch {
    ctx = null;
  }
  return ctx;
}

const cache = new Map<string, number>();

/** Each element's computed font family, with what it was read under and when. */
const families = new WeakMap<Element, { key: string; at: number; family: string }>();
/** How long a read font family is used for (a page restyling its widgets is followed within this). */
const FAMILY_MS = 2000;

/**
 * `el`'s computed font family. Reading it right after other widgets changed their DOM forces the browser to
 * work the page's styles out at once (several ms in a cross-filter click), so it is read again only when the
 * element's language, theme, class or style changed, or after `FAMILY_MS`.
 */
function familyOf(el: Element): string {
  const key = [el.getAttribute('lang'), el.getAttribute('theme'), el.getAttribute('class'), el.getAttribute('style'), el.ownerDocument?.documentElement.lang].join('|');
  const now = performance.now();
  const had = families.get(el);
  if (had && had.key === key && now - had.at < FAMILY_MS) return had.family;
  const family = getComputedStyle(el).fontFamily || 'sans-serif';
  families.set(el, { key, at: now, family });
  return family;
}

/** A measurer in `el`'s computed font family; undefined where no canvas is available (the charts then estimate). */
export function measureFor(el: Element): Measure | undefined {
  const c = context();
  if (!c) return undefined;
  const family = familyOf(el);
  return (text, size, weight = 400) => {
    const key = `${weight}|${size}|${family}|${text}`;
    let w = cache.get(key);
    if (w === undefined) {
      c.font = `${weight} ${size}px ${family}`;
      w = c.measureText(text).width;
      if (cache.size > 5000) cache.clear();
      cache.set(key, w);
    }
    return w;
  };
}
