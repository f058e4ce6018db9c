/**
 * `<crm-tags>` described once: the built-in, register and rule tags of tags.ts; ticking tags selects the
 * customers who carry them, any or all (kind `tag`, a condition on any data). The tags' thresholds and rules
 * re-query and keep the ticked tags; `mode` only recombines them; the rest only serves export and links.
 */
import { analysis, option } from '../analysis.js';
import { choice } from '../options.js';
import { lifecycleAssignmentQuery } from '../metrics/lifecycle-funnel.js';
import { segmentAssignmentQuery } from '../metrics/segment-pyramid.js';
import { TAG_MODES, type TagMode, type TagOptions, type UserTag } from '../metrics/tags.js';
import { runTags, tagPredicate } from '../remote/runners.js';

/** Ticked tags and how they combine. */
export interface TagPick {
  tags: readonly string[];
  mode: TagMode;
}

export const TAGS = analysis({
  name: 'tags',
  options: {
    mode: option<TagMode | string>({ default: 'or', effect: 'draw', reflect: true, check: (v) => choice(v || 'or', 'mode', TAG_MODES) }),
    rulesAttr: option<string>({ attribute: 'rules', default: '', effect: 'query', resets: false }),
    /** User-defined tags (overrides the `rules` attribute). */
    rules: option<UserTag[] | undefined>({ attribute: false, default: undefined, effect: 'query', resets: false }),
    loyalDays: option<string>({ default: '', effect: 'query', resets: false }),
    loyalTenure: option<string>({ default: '', effect: 'query', resets: false }),
    loyalMaxGap: option<string>({ default: '', effect: 'query', resets: false }),
    priceBand: option<string>({ default: '', effect: 'query', resets: false }),
    priceShare: option<string>({ default: '', effect: 'query', resets: false }),
    premiumShare: option<string>({ default: '', effect: 'query', resets: false }),
    minLines: option<string>({ default: '', effect: 'query', resets: false }),
    highSpenderPercent: option<string>({ default: '', effect: 'query', resets: false }),
    newDays: option<string>({ default: '', effect: 'query', resets: false }),
    atRiskFactor: option<string>({ default: '', effect: 'query', resets: false }),
    segmentParam: option<string>({ default: 'segment', effect: 'draw' }),
    exportColumnsAttr: option<string>({ attribute: 'export-columns', default: '', effect: 'draw' }),
    maskPii: option<boolean>({ default: false, effect: 'draw', kind: 'boolean', reflect: true }),
  },
  // `o.rules`: the page's rule tags, from the property, the attribute's JSON and a restored segment.
  run: (ds, o: TagOptions, filter) => runTags(ds, o, filter, { tiers: segmentAssignmentQuery(ds), stages: lifecycleAssignmentQuery(ds) }),
  pick: (ds, o: TagOptions, { tags, mode }: TagPick) => ({ predicate: tagPredicate(ds, o, tags, mode), kind: 'tag' }),
});
