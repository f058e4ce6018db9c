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

/** A measurer in `el`'s computed font family; undefined where no canvas is available (the charts then estimate). */
export function measureFor(el: Element): Measure | undefined {
  const c = context();
  if (!c) return undefined;
  const family = getComputedStyle(el).fontFamily || 'sans-serif';
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
