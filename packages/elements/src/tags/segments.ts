/**
 * Segments: a named set of tag conditions (which tags, how they combine, and
 * the rules of any rule tags among them), saved in `localStorage` and in a
 * link (`?segment=…`, base64url JSON). A segment holds conditions, never
 * customer ids or SQL: restored, it is worked out again on the data loaded
 * then. Everything read back is checked (tags as text, the mode from a fixed
 * list, rules through `checkRule`) before it is used.
 */
import { CrmError, TAG_MODES, checkRule, type Rule, type TagMode } from '@crmkit/core';

export interface Segment {
  name: string;
  tags: string[];
  mode: TagMode;
  /** The rules of the rule tags (`rule:<name>`) among `tags`. */
  rules: { name: string; rule: Rule }[];
}

export const SEGMENT_STORAGE_KEY = 'crmkit.segments';
const MAX_TAGS = 50;

const bad = (why: string, value: string) =>
  new CrmError('invalid-option', `invalid segment: ${why}`, { value: value.slice(0, 80), option: 'segment' });

/** Check a segment read from a link or storage; throws `invalid-option` naming what is wrong. */
export function checkSegment(x: unknown, text = ''): Segment {
  if (!x || typeof x !== 'object' || Array.isArray(x)) throw bad('not a segment', text);
  const o = x as Record<string, unknown>;
  const name = typeof o.name === 'string' ? o.name.trim().slice(0, 80) : '';
  if (!name) throw bad('no name', text);
  if (!Array.isArray(o.tags) || o.tags.length === 0 || o.tags.length > MAX_TAGS || !o.tags.every((t) => typeof t === 'string' && t.length > 0 && t.length <= 120)) {
    throw bad(`tags must be 1 to ${MAX_TAGS} names`, text);
  }
  const mode = (TAG_MODES as readonly string[]).includes(String(o.mode)) ? (o.mode as TagMode) : undefined;
  if (!mode) throw bad(`mode must be one of ${TAG_MODES.join(', ')}`, text);
  const rules = Array.isArray(o.rules) ? o.rules : [];
  if (rules.length > MAX_TAGS) throw bad('too many rules', text);
  return {
    name,
    tags: [...new Set(o.tags as string[])],
    mode,
    rules: rules.map((r: unknown) => {
      const rr = r as { name?: unknown; rule?: unknown };
      if (typeof rr?.name !== 'string' || !rr.name.trim()) throw bad('a rule without a name', text);
      return { name: rr.name.trim(), rule: checkRule(rr.rule) };
    }),
  };
}

const toB64 = (s: string) => btoa(String.fromCharCode(...new TextEncoder().encode(s))).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
const fromB64 = (s: string) => new TextDecoder().decode(Uint8Array.from(atob(s.replaceAll('-', '+').replaceAll('_', '/')), (c) => c.charCodeAt(0)));

/** A segment as link text (base64url JSON). */
export function encodeSegment(s: Segment): string {
  return toB64(JSON.stringify({ name: s.name, tags: s.tags, mode: s.mode, rules: s.rules }));
}

/** A segment from link text; throws `invalid-option` when it is not one. */
export function decodeSegment(text: string): Segment {
  if (text.length > 8000) throw bad('the link is too long', text);
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
