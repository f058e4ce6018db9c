import type { ColumnMapping, DataInput, RowRule } from '@crmkit/core';

/** One transactions file of a source with several (a `<crm-file>` child, or an entry of its `files` property). */
export interface CrmFileSpec {
  /** URL, File/Blob, bytes or JS rows. */
  input: DataInput;
  /** Name used in messages and in crm-load (defaults to the URL's or File's name). */
  name?: string;
  /** The file's headers for crmkit columns, over the source's `map-…`. */
  mapping?: ColumnMapping;
  /** Channel of this file's rows where the file has none (`store`, `web`, `app`, …). */
  channel?: string;
  /** Row rules of this file, after the source's. */
  exclude?: string;
  keep?: string;
  rules?: readonly RowRule[];
  /** strptime format of this file's dates (over the source's `date-format`). */
  dateFormat?: string;
}

/**
 * @summary One transactions file of a `<crm-source>`: put several inside one source, each with its own
 * headers, mapping, rules and channel. It shows nothing; its source loads it.
 *
 * @attr src - URL of the file.
 * @attr name - name used in messages.
 * @attr channel - channel of this file's rows where the file has no channel column (or an empty cell).
 * @attr map-<column> - this file's header for a crmkit column, e.g. map-customer-id="Customer ID".
 * @attr exclude - row rules of this file (as on `<crm-source>`).
 * @attr keep - row rules of this file.
 * @attr date-format - strptime format of this file's dates.
 */
export class CrmFile extends HTMLElement {
  /** A dropped or picked file (instead of `src`). */
  file?: Blob;
  /** JS rows (instead of `src`). */
  data?: readonly Record<string, unknown>[];

  /** What the source loads. */
  spec(): CrmFileSpec | undefined {
    const input = this.data ?? this.file ?? (this.getAttribute('src') || undefined);
    if (input === undefined) return undefined;
    const mapping: Record<string, string> = {};
    for (const a of Array.from(this.attributes)) if (a.name.startsWith('map-') && a.value.trim() !== '') mapping[a.name.slice(4).replaceAll('-', '_')] = a.value;
    const attr = (n: string) => this.getAttribute(n) || undefined;
    return { input, name: attr('name'), mapping, channel: attr('channel'), exclude: attr('exclude'), keep: attr('keep'), dateFormat: attr('date-format') };
  }
}
