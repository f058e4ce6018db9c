import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
// custom-elements.json from the elements' sources and JSDoc (`@attr`, `@prop`, `@fires`, `@csspart`,
// `@cssprop`, `@summary`); written by scripts/build-packages.mjs (`pnpm build`) to packages/elements/.

/**
 * Elements are registered with `define('crm-x', CrmX)` (internal/crm-element.ts), which the analyzer does not
 * know: record the tag names, and mark those classes as custom elements with a `custom-element-definition`
 * export, as `customElements.define` would.
 */
function crmDefine() {
  const tags = new Map();
  return {
    name: 'crmkit-define',
    analyzePhase({ ts, node, moduleDoc }) {
      if (!ts.isCallExpression(node) || node.expression.getText() !== 'define' || node.arguments.length !== 2) return;
      const [tag, cls] = node.arguments;
      if (!ts.isStringLiteral(tag)) return;
      tags.set(cls.getText(), tag.text);
      moduleDoc.exports ??= [];
      moduleDoc.exports.push({ kind: 'custom-element-definition', name: tag.text, declaration: { name: cls.getText(), module: moduleDoc.path.replace(/define\.ts$/, `${tag.text.slice(4)}.ts`) } });
    },
    packageLinkPhase({ customElementsManifest }) {
      for (const mod of customElementsManifest.modules) {
        for (const d of mod.declarations ?? []) {
          if (d.kind === 'class' && tags.has(d.name)) Object.assign(d, { customElement: true, tagName: tags.get(d.name) });
        }
      }
    },
  };
}

/**
 * The elements' JSDoc is written for people: `@attr a, b - text`, several `@csspart x - a.` on one line,
 * `@cssproperty --a - one. --b - other.`. The analyzer reads only the first name of such a tag, so the class
 * comments are read here, one entry per name, and a class inherits its ancestors' entries (every widget has
 * CrmWidget's attributes, parts and CSS properties). Attributes found in the code (decorated properties) keep
 * the code's entry and gain the comment's description; private and protected members are left out.
 */
const KINDS = { attr: 'attributes', attribute: 'attributes', event: 'events', fires: 'events', csspart: 'cssParts', cssprop: 'cssProperties', cssproperty: 'cssProperties' };
const VALID = { attributes: /^(?:[a-z][a-z0-9-]*\*?|map-<column>)$/, events: /^crm-[a-z-]+$/, cssParts: /^[a-z][a-z0-9-]*$/, cssProperties: /^--[a-z0-9-]+$/ };

function parseTags(comment) {
  const text = comment.replace(/^\/\*\*|\*\/$/g, '').split('\n').map((l) => l.replace(/^\s*\*\s?/, '')).join('\n');
  const out = { attributes: [], events: [], cssParts: [], cssProperties: [] };
  const re = /(?:^|\s)@(\w+)\s+([\s\S]*?)(?=\s@\w+\s|$)/g;
  for (let m; (m = re.exec(text)); ) {
    const kind = KINDS[m[1]];
    if (!kind) continue;
    const body = m[2].replace(/\s+/g, ' ').trim();
    // "--a - one. --b - other." : several entries in one tag.
    const segments = kind === 'cssProperties' ? body.split(/\s(?=--[\w-]+(?:\s*[,/]\s*--[\w-]+)*\s+-\s)/) : [body];
    for (const seg of segments) {
      const dash = seg.search(/\s-\s/);
      const names = (dash < 0 ? seg : seg.slice(0, dash)).split(/\s*[,/](?![^(]*\))\s*/);
      const description = dash < 0 ? '' : seg.slice(dash + 3).trim();
      for (const raw of names) {
        const note = /\(([^)]*)\)/.exec(raw)?.[1];
        const name = raw.replace(/\([^)]*\)/g, '').replace(/\.$/, '').trim();
        if (VALID[kind].test(name)) out[kind].push({ name, description: [note, description].filter(Boolean).join(' — ') });
      }
    }
  }
  return out;
}

function jsdocTags() {
  const own = new Map();
  const supers = new Map();
  const mergeInto = (list, extra) => {
    const byName = new Map(list.map((e) => [e.name, e]));
    for (const e of extra) {
      const prev = byName.get(e.name);
      if (!prev) byName.set(e.name, { ...e });
      else if (!prev.description && e.description) prev.description = e.description;
    }
    return [...byName.values()];
  };
  const collect = (name, seen = new Set()) => {
    if (!name || seen.has(name)) return { attributes: [], events: [], cssParts: [], cssProperties: [] };
    seen.add(name);
    const mine = own.get(name) ?? { attributes: [], events: [], cssParts: [], cssProperties: [] };
    const up = collect(supers.get(name), seen);
    return Object.fromEntries(Object.keys(mine).map((k) => [k, mergeInto(mine[k], up[k])]));
  };
  return {
    name: 'crmkit-jsdoc-tags',
    analyzePhase({ ts, node }) {
      if (!ts.isClassDeclaration(node) || !node.name) return;
      const docs = (node.jsDoc ?? []).map((d) => d.getText());
      own.set(node.name.text, parseTags(docs.join('\n')));
      const ext = node.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression.getText();
      if (ext) supers.set(node.name.text, ext);
    },
    packageLinkPhase({ customElementsManifest }) {
      for (const mod of customElementsManifest.modules) {
        for (const d of mod.declarations ?? []) {
          if (d.kind !== 'class') continue;
          const tags = collect(d.name);
          const fromCode = (d.attributes ?? []).filter((a) => VALID.attributes.test(a.name) && a.fieldName);
          d.attributes = mergeInto(fromCode, tags.attributes);
          for (const k of ['events', 'cssParts', 'cssProperties']) d[k] = tags[k];
          if (d.members) d.members = d.members.filter((m) => !m.privacy || m.privacy === 'public');
        }
      }
    },
  };
}

/**
 * A widget's options are described once, in its analysis (`packages/core/src/analyses/<name>.ts`:
 * `options: { asOf: option<string>({ default: '', … }) }`), and the widget names it (`static analysis = X`):
 * Lit's properties are created from that description at run time, so the analyzer does not see them. Read
 * the descriptions here and give each such class its attributes and fields as decorated properties would:
 * attribute (kebab-case of the property unless `attribute` says otherwise; none for `attribute: false`),
 * the type argument of `option<…>` as the type, `default` as written, `reflect`.
 */
function analysisOptions() {
  const classes = new Map();
  let tsApi;
  const read = () => {
    const dir = 'packages/core/src/analyses';
    const out = new Map();
    for (const f of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      const src = tsApi.createSourceFile(f, readFileSync(join(dir, f), 'utf8'), tsApi.ScriptTarget.Latest, true);
      for (const st of src.statements) {
        if (!tsApi.isVariableStatement(st)) continue;
        for (const d of st.declarationList.declarations) {
          const call = d.initializer;
          if (!call || !tsApi.isCallExpression(call) || call.expression.getText() !== 'analysis') continue;
          const obj = call.arguments[0];
          const opts = obj?.properties?.find((p) => p.name?.getText() === 'options')?.initializer;
          if (!opts || !tsApi.isObjectLiteralExpression(opts)) continue;
          const list = [];
          for (const p of opts.properties) {
            if (!tsApi.isPropertyAssignment(p) || !tsApi.isCallExpression(p.initializer)) continue;
            const c = p.initializer;
            const spec = Object.fromEntries((c.arguments[0]?.properties ?? []).filter((q) => q.name).map((q) => [q.name.getText(), q.initializer?.getText()]));
            const name = p.name.getText();
            const doc = (p.jsDoc ?? []).map((j) => (typeof j.comment === 'string' ? j.comment : '')).join(' ').trim();
            const attribute = spec.attribute === 'false' ? false : spec.attribute ? spec.attribute.slice(1, -1) : name.replace(/[A-Z]/g, (ch) => `-${ch.toLowerCase()}`);
            list.push({ name, attribute, type: c.typeArguments?.[0]?.getText(), default: spec.default === 'undefined' ? undefined : spec.default, reflect: spec.reflect === 'true', doc });
          }
          out.set(d.name.getText(), list);
        }
      }
    }
    return out;
  };
  return {
    name: 'crmkit-analysis-options',
    analyzePhase({ ts, node }) {
      tsApi = ts;
      if (!ts.isClassDeclaration(node) || !node.name) return;
      const a = node.members.find((m) => ts.isPropertyDeclaration(m) && m.name.getText() === 'analysis' && m.initializer && ts.isIdentifier(m.initializer));
      if (a) classes.set(node.name.text, a.initializer.getText());
    },
    packageLinkPhase({ customElementsManifest }) {
      if (!classes.size) return;
      const described = read();
      for (const mod of customElementsManifest.modules) {
        for (const d of mod.declarations ?? []) {
          const opts = d.kind === 'class' && described.get(classes.get(d.name));
          if (!opts) continue;
          const fields = [];
          const attrs = [];
          for (const o of opts) {
            const type = o.type ? { text: o.type } : undefined;
            const field = { kind: 'field', name: o.name, ...(type ? { type } : {}), ...(o.default !== undefined ? { default: o.default } : {}), ...(o.doc ? { description: o.doc } : {}) };
            if (o.attribute) {
              field.attribute = o.attribute;
              if (o.reflect) field.reflects = true;
              attrs.push({ name: o.attribute, ...(type ? { type } : {}), ...(o.default !== undefined ? { default: o.default } : {}), ...(o.doc ? { description: o.doc } : {}), fieldName: o.name });
            }
            fields.push(field);
          }
          const names = new Set(opts.map((o) => o.name));
          d.members = [...fields, ...(d.members ?? []).filter((m) => !names.has(m.name) && m.name !== 'analysis')];
          d.attributes = [...attrs, ...(d.attributes ?? []).filter((x) => !attrs.some((y) => y.name === x.name))];
        }
      }
    },
  };
}

export default {
  globs: ['packages/elements/src/**/*.ts'],
  exclude: ['packages/elements/src/**/*.messages.ts', 'packages/elements/src/bundle.ts', 'packages/elements/src/frameworks/**'],
  outdir: 'packages/elements',
  litelement: true,
  packagejson: false,
  plugins: [crmDefine(), analysisOptions(), jsdocTags()],
};
