/**
 * Segments: the combined selection as a named set of conditions — the tag
 * widget's (which tags, how they combine, and the rules of any rule tags among
 * them) and the other widgets' (a tier, a quadrant, a stage, a range of ranks,
 * each as a condition descriptor: widget, options, key) — saved in
 * `localStorage` and in a link (`?segment=…`, base64url JSON). A segment holds
 * conditions, never customer ids or SQL: restored, each is worked out again by
 * its widget's analysis on the data loaded then. Everything read back is
 * checked (tags as text, the mode from a fixed list, rules through `checkRule`,
 * conditions through `checkCondition`) before it is used.
 */
import { CrmError, TAG_MODES, checkCondition, checkRule, type ConditionDescriptor, type Rule, type SegmentProblem, type TagMode } from '@crmkit/core';

export interface Segment {
  name: string;
  tags: string[];
  mode: TagMode;
  /** The rules of the rule tags (`rule:<name>`) among `tags`. */
  rules: { name: string; rule: Rule }[];
  /** The other widgets' selections, each with the label it was shown with. */
  conditions?: { condition: ConditionDescriptor; label: string }[];
}

export const SEGMENT_STORAGE_KEY = 'crmkit.segments';
const MAX_TAGS = 50;
const MAX_CONDITIONS = 20;

/** Why a segment was refused (`detail.reason` of the `invalid-option` error). */
export type { SegmentProblem };

const bad = (why: string, value: string, reason: SegmentProblem = 'not-a-segment') =>
  new CrmError('invalid-option', { value: value.slice(0, 80), option: 'segment', reason, why });

/** Check a segment read from a link or storage; throws `invalid-option` naming what is wrong. */
export function checkSegment(x: unknown, text = ''): Segment {
  if (!x || typeof x !== 'object' || Array.isArray(x)) throw bad('not a segment', text);
  const o = x as Record<string, unknown>;
  const name = typeof o.name === 'string' ? o.name.trim().slice(0, 80) : '';
  if (!name) throw bad('no name', text, 'no-name');
  const conds = o.conditions ?? [];
  if (!Array.isArray(conds) || conds.length > MAX_CONDITIONS) throw bad(`conditions must be a list of at most ${MAX_CONDITIONS}`, text, 'bad-condition');
  const min = conds.length ? 0 : 1;
  if (!Array.isArray(o.tags) || o.tags.length < min || o.tags.length > MAX_TAGS || !o.tags.every((t) => typeof t === 'string' && t.length > 0 && t.length <= 120)) {
    throw bad(min ? `tags must be 1 to ${MAX_TAGS} names` : `tags must be at most ${MAX_TAGS} names`, text, 'bad-tags');
  }
  const mode = (TAG_MODES as readonly string[]).includes(String(o.mode)) ? (o.mode as TagMode) : undefined;
  if (!mode) throw bad(`mode must be one of ${TAG_MODES.join(', ')}`, text, 'bad-mode');
  const rules = Array.isArray(o.rules) ? o.rules : [];
  if (rules.length > MAX_TAGS) throw bad('too many rules', text, 'bad-rule');
  const conditions = conds.map((c: unknown) => {
    const cc = (c && typeof c === 'object' ? c : {}) as { condition?: unknown; label?: unknown };
    const label = typeof cc.label === 'string' ? cc.label.slice(0, 200) : '';
    return { condition: checkCondition(cc.condition), label };
  });
  const widgets = conditions.map((c) => c.condition.widget);
  if (new Set(widgets).size !== widgets.length) throw bad('two conditions of the same widget', text, 'bad-condition');
  return {
    ...(conditions.length ? { conditions } : {}),
    name,
    tags: [...new Set(o.tags as string[])],
    mode,
    rules: rules.map((r: unknown) => {
      const rr = r as { name?: unknown; rule?: unknown };
      if (typeof rr?.name !== 'string' || !rr.name.trim()) throw bad('a rule without a name', text, 'bad-rule');
      return { name: rr.name.trim(), rule: checkRule(rr.rule) };
    }),
  };
}

const toB64 = (s: string) => btoa(String.fromCharCode(...new TextEncoder().encode(s))).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
const fromB64 = (s: string) => new TextDecoder().decode(Uint8Array.from(atob(s.replaceAll('-', '+').replaceAll('_', '/')), (c) => c.charCodeAt(0)));

/** A segment as link text (base64url JSON). */
export function encodeSegment(s: Segment): string {
  return toB64(JSON.stringify({ name: s.name, tags: s.tags, mode: s.mode, rules: s.rules, ...(s.conditions?.length ? { conditions: s.conditions } : {}) }));
}

/** A segment from link text; throws `invalid-option` when it is not one. */
export function decodeSegment(text: string): Segment {
  if (text.length > 8000) throw bad('the link is too long', text, 'too-long');
  let x: unknown;
  try {
    x = JSON.parse(fromB64(text));
  } catch {
    throw bad('the link does not hold a segment', text);
  }
  return checkSegment(x, text);
}

/** The page's address with `param` set to the segment. */
export function segmentLink(s: Segment, href: string, param = 'segment'): string {
  const u = new URL(href);
  u.searchParams.set(param, encodeSegment(s));
  return u.href;
}

/** Saved segments (unreadable entries are skipped). */
export function savedSegments(storage: Storage | undefined = globalThis.localStorage): Segment[] {
  try {
    const list = JSON.parse(storage?.getItem(SEGMENT_STORAGE_KEY) ?? '[]');
    if (!Array.isArray(list)) return [];
    return list.flatMap((x) => {
      try {
        return [checkSegment(x)];
      } catch {
        return [];
      }
    });
  } catch {
    return [];
  }
}

/** Save (or replace, by name) a segment. */
export function saveSegment(s: Segment, storage: Storage | undefined = globalThis.localStorage): Segment[] {
  const list = [...savedSegments(storage).filter((x) => x.name !== s.name), s];
  storage?.setItem(SEGMENT_STORAGE_KEY, JSON.stringify(list));
  return list;
}

/** Delete a saved segment by name. */
export function deleteSegment(name: string, storage: Storage | undefined = globalThis.localStorage): Segment[] {
  const list = savedSegments(storage).filter((x) => x.name !== name);
  storage?.setItem(SEGMENT_STORAGE_KEY, JSON.stringify(list));
  return list;
}
