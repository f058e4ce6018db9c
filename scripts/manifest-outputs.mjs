/**
 * What is derived from packages/elements/custom-elements.json (called by scripts/build-packages.mjs, or on its
 * own: `node scripts/manifest-outputs.mjs`):
 *   packages/elements/src/frameworks/react.ts  JSX typings for React 19 (`import type {} from 'crmkit/react'`)
 *   packages/elements/src/frameworks/vue.ts    Vue's GlobalComponents (`import type {} from 'crmkit/vue'`)
 *   docs/elements/<tag>.md                     one reference page per element, and docs/elements/README.md
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The detail type of each event (from @crmkit/elements). */
const DETAIL = { 'crm-load': 'CrmLoadDetail', 'crm-error': 'CrmErrorEventDetail', 'crm-progress': 'CrmProgressDetail', 'crm-select': 'CrmSelectDetail', 'crm-customer-pick': 'CrmCustomerPickDetail' };
const HEADER = '// Generated from custom-elements.json by scripts/manifest-outputs.mjs (run by `pnpm build`). Do not edit.\n';

export function elementsOf(manifest) {
  return manifest.modules
    .flatMap((m) => (m.declarations ?? []).map((d) => ({ ...d, module: m.path })))
    .filter((d) => d.customElement && d.tagName)
    .sort((a, b) => a.tagName.localeCompare(b.tagName));
}

/**
 * A TypeScript type for an attribute's value: the code's type when it is made of primitives and string literals
 * (else string). React 19 and Vue set a property when the element has one of that name, else the attribute: a
 * hyphenated name is always an attribute, so a number there may also be written as a string.
 */
function attrType(a) {
  const toks = (a.type?.text ?? '').split('|').map((s) => s.trim()).filter((s) => s && s !== 'undefined' && s !== 'null');
  if (!toks.length || !toks.every((s) => /^(number|string|boolean|'[^']*')$/.test(s))) return 'string';
  if (a.name.includes('-') && toks.includes('number') && !toks.includes('string')) toks.push('string');
  return [...new Set(toks)].join(' | ');
}
const key = (name) => (/^[a-zA-Z_$][\w$]*$/.test(name) ? name : `'${name}'`);
const attrsOf = (el) => el.attributes.filter((a) => !/[<*]/.test(a.name));

function reactTypes(elements) {
  const names = [...new Set(elements.map((e) => e.name))];
  const lines = [
    HEADER,
    "import type { DetailedHTMLProps, HTMLAttributes } from 'react';",
    `import type { ${[...new Set([...names, ...Object.values(DETAIL)])].sort().join(', ')} } from '../index.js';`,
    '',
    '/** React 19 sets properties and listens to `on<event>` props on custom elements: `<crm-source src="…" oncrm-load={…} />`. */',
    'type Element<T extends HTMLElement, A> = DetailedHTMLProps<HTMLAttributes<T>, T> & A;',
    '',
    '/** The crmkit elements as JSX intrinsic elements. */',
    'export interface CrmkitJsxElements {',
  ];
  for (const el of elements) {
    const props = attrsOf(el).map((a) => `    ${key(a.name)}?: ${attrType(a)};`);
    for (const e of el.events) props.push(`    ${key(`on${e.name}`)}?: (event: CustomEvent<${DETAIL[e.name] ?? 'unknown'}>) => void;`);
    lines.push(`  '${el.tagName}': Element<${el.name}, {`, ...props, '  }>;');
  }
  lines.push('}', '', "declare module 'react' {", '  namespace JSX {', '    interface IntrinsicElements extends CrmkitJsxElements {}', '  }', '}', '');
  return lines.join('\n');
}

function vueTypes(elements) {
  const lines = [
    HEADER,
    "import type { DefineComponent } from 'vue';",
    `import type { ${[...new Set(Object.values(DETAIL))].sort().join(', ')} } from '../index.js';`,
    '',
    '/** Props (attributes) and events of each crmkit element, for Vue templates (Volar) and `h()`. */',
    'export interface CrmkitVueElements {',
  ];
  for (const el of elements) {
    const props = attrsOf(el).map((a) => `    ${key(a.name)}?: ${attrType(a)};`);
    for (const e of el.events) props.push(`    ${key(`on${e.name.replace(/(^|-)([a-z])/g, (_, __, c) => c.toUpperCase())}`)}?: (event: CustomEvent<${DETAIL[e.name] ?? 'unknown'}>) => void;`);
    lines.push(`  '${el.tagName}': DefineComponent<{`, ...props, '  }>;');
  }
  lines.push('}', '', "declare module 'vue' {", '  interface GlobalComponents extends CrmkitVueElements {}', '}', '');
  return lines.join('\n');
}

const cell = (s) => String(s ?? '').replace(/\|/g, '\\|').replace(/\n+/g, ' ');

function page(el) {
  const out = [`# \`<${el.tagName}>\``, '', `<!-- Generated from custom-elements.json by scripts/manifest-outputs.mjs (pnpm build). Edit the JSDoc in ${el.module}. -->`, ''];
  if (el.summary || el.description) out.push(cell(el.summary || el.description), '');
  out.push(`Class \`${el.name}\` — \`import '${el.tagName === 'crm-source' ? 'crmkit/source' : `crmkit/${el.tagName.slice(4)}`}'\` registers it (or \`import 'crmkit'\` for every element).`, '');
  const table = (title, head, rows) => {
    if (!rows.length) return;
    out.push(`## ${title}`, '', `| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`), '');
  };
  table('Attributes', ['attribute', 'property', 'type', 'default', 'description'], el.attributes.map((a) => [`\`${a.name}\``, a.fieldName ? `\`${a.fieldName}\`` : '', a.type?.text ?? '', a.default ?? '', a.description ?? '']));
  const fields = (el.members ?? []).filter((m) => m.kind === 'field' && !m.static && !m.name.startsWith('_'));
  table('Properties', ['property', 'type', 'description'], fields.map((m) => [`\`${m.name}\``, m.type?.text ?? '', m.description ?? (m.attribute ? `see \`${m.attribute}\`` : '')]));
  const methods = (el.members ?? []).filter((m) => m.kind === 'method' && !m.static && !m.name.startsWith('_') && m.description);
  table('Methods', ['method', 'description'], methods.map((m) => [`\`${m.name}(${(m.parameters ?? []).map((p) => p.name).join(', ')})\``, m.description]));
  table('Events', ['event', 'detail', 'description'], el.events.map((e) => [`\`${e.name}\``, DETAIL[e.name] ? `\`${DETAIL[e.name]}\`` : '', e.description]));
  table('CSS parts', ['part', 'description'], el.cssParts.map((p) => [`\`${p.name}\``, p.description]));
  table('CSS custom properties', ['property', 'description'], el.cssProperties.map((p) => [`\`${p.name}\``, p.description]));
  return out.join('\n');
}

export function generateFromManifest(root) {
  const manifest = JSON.parse(readFileSync(join(root, 'packages/elements/custom-elements.json'), 'utf8'));
  const elements = elementsOf(manifest);
  const fw = join(root, 'packages/elements/src/frameworks');
  mkdirSync(fw, { recursive: true });
  writeFileSync(join(fw, 'react.ts'), reactTypes(elements));
  writeFileSync(join(fw, 'vue.ts'), vueTypes(elements));
  const docs = join(root, 'docs/elements');
  mkdirSync(docs, { recursive: true });
  for (const el of elements) writeFileSync(join(docs, `${el.tagName}.md`), page(el));
  writeFileSync(
    join(docs, 'README.md'),
    ['# Element reference', '', '<!-- Generated from custom-elements.json by scripts/manifest-outputs.mjs (pnpm build). -->', '', ...elements.map((e) => `- [\`<${e.tagName}>\`](${e.tagName}.md) — ${cell(e.summary || e.description || '')}`), ''].join('\n'),
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) generateFromManifest(resolve(dirname(fileURLToPath(import.meta.url)), '..'));
