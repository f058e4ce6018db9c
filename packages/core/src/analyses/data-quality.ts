/**
 * `<crm-data-quality>` described once: the checks of data-quality.ts over the whole data (the others'
 * selection does not apply); a click on a check selects the customers it found (kind `quality-check`).
 */
import { analysis, option } from '../analysis.js';
import { dataQualityPredicate, phoneRegionOption, runDataQuality } from '../metrics/data-quality.js';
import { dateOption } from '../options.js';
import type { PhoneRegion } from '../identity.js';
import { pageOnly } from '../engines/remote.js';

/** A check picked, and the table its customers were written to. */
export interface QualityPick {
  key: string;
  idsTable: string;
}

/** What the page adds to a run: the load's duplicate counts and the table for each check's customers. */
export interface QualityContext {
  duplicates?: number;
  acrossFiles?: number;
  idsTable: string;
}

export const DATA_QUALITY = analysis({
  name: 'data-quality',
  options: {
    today: option<string>({ default: '', effect: 'query', check: (v) => dateOption(v, 'today') }),
    phoneRegion: option<PhoneRegion>({ default: 'TW', effect: 'query', check: phoneRegionOption }),
  },
  // The report covers the whole data: the others' selection does not apply.
  // It checks the file as the page loaded it: a served data set is refused with what to do instead.
  run: async (ds, o: { today?: string; phoneRegion?: PhoneRegion } & QualityContext) => {
    pageOnly(ds, 'data-quality');
    return runDataQuality(ds, { today: o.today || undefined, phoneRegion: o.phoneRegion, duplicates: o.duplicates, acrossFiles: o.acrossFiles, idsTable: o.idsTable });
  },
  pick: (_ds, _o, { key, idsTable }: QualityPick) => ({ predicate: dataQualityPredicate(idsTable, key), kind: 'quality-check' }),
});
