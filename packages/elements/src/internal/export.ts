/** Chart export: standalone SVG text with computed styles inlined, PNG through a canvas, and downloads. */

const STYLE_PROPS = ['fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-opacity', 'stroke-dasharray', 'opacity', 'font-family', 'font-size', 'font-weight', 'visibility'] as const;

/**
 * Serialise an SVG element so it renders the same outside the page: computed
 * colours and fonts (which may come from CSS custom properties) are written
 * onto each node, and an opaque background is added.
 */
export function serializeSVG(svg: SVGSVGElement, background = '#ffffff'): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const src = [svg, ...Array.from(svg.querySelectorAll('*'))];
  const dst = [clone, ...Array.from(clone.querySelectorAll('*'))];
  for (let i = 0; i < src.length; i++) {
    const cs = getComputedStyle(src[i]);
    const el = dst[i] as SVGElement;
    for (const p of STYLE_PROPS) {
      const v = cs.getPropertyValue(p);
      if (v) el.style.setProperty(p, v);
    }
    el.removeAttribute('tabindex');
    // Presentation attributes naming CSS custom properties mean nothing outside the page: the computed style above replaces them.
    for (const a of Array.from(el.attributes)) if (a.value.includes('var(--')) el.removeAttribute(a.name);
  }
  const { width, height } = svg.getBoundingClientRect();
  const w = Math.round(Number(svg.getAttribute('width')) || width || 600);
  const h = Math.round(Number(svg.getAttribute('height')) || height || 400);
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(w));
  clone.setAttribute('height', String(h));
  if (!clone.getAttribute('viewBox')) clone.setAttribute('viewBox', `0 0 ${w} ${h}`);
  const bg = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  const vb = clone.getAttribute('viewBox')!.split(/[\s,]+/).map(Number);
  bg.setAttribute('x', String(vb[0]));
  bg.setAttribute('y', String(vb[1]));
  bg.setAttribute('width', String(vb[2]));
  bg.setAttribute('height', String(vb[3]));
  bg.setAttribute('fill', background);
  clone.insertBefore(bg, clone.firstChild);
  return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(clone);
}

/** Rasterise SVG text to a PNG blob at `scale` × its size. */
export async function svgToPNG(svgText: string, scale = 2): Promise<Blob> {
  const m = /<svg[^>]*\swidth="(\d+(?:\.\d+)?)"[^>]*\sheight="(\d+(?:\.\d+)?)"/.exec(svgText);
  const w = m ? Number(m[1]) : 600;
  const h = m ? Number(m[2]) : 400;
  const url = URL.createObjectURL(new Blob([svgText], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.decoding = 'sync';
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error('the chart image could not be drawn'));
      img.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(w * scale);
    canvas.height = Math.round(h * scale);
    const ctx = canvas.getContext('2d')!;
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0, w, h);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Offer a blob as a file download. */
export function download(blob: Blob, filename: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = filename;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}
