import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'snapshots');

/** SVG text with every number rounded to 3 decimals, so snapshots survive float noise. */
export function normalizeSVG(svg: Element): string {
  return svg.outerHTML.replace(/-?\d+\.\d+(e-?\d+)?/g, (m) => String(Math.round(Number(m) * 1000) / 1000)).replace(/></g, '>\n<');
}

/**
 * Compare with snapshots/<name>.svg. A missing snapshot is written (first run);
 * on a mismatch <name>-changed.svg is written beside it and false returned.
 */
export function matchesSnapshot(svg: Element, name: string): boolean {
  const text = normalizeSVG(svg) + '\n';
  const file = join(dir, `${name}.svg`);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, text);
    return true;
  }
  if (readFileSync(file, 'utf8') === text) return true;
  writeFileSync(join(dir, `${name}-changed.svg`), text);
  return false;
}
