import { parquetMetadata, parquetRead, parquetSchema } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { CrmError } from '../errors.js';
import { columnsToIPC } from './arrow.js';

/**
 * Decode a Parquet file in JS (hyparquet; snappy, gzip, zstd, brotli, lz4) to
 * Arrow IPC. DuckDB-WASM's own Parquet reader is an extension fetched from the
 * internet, which intranet pages cannot reach.
 */
export async function parquetToIPC(bytes: Uint8Array, fileName: string): Promise<{ ipc: Uint8Array; rows: number; columns: string[] }> {
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let metadata;
  try {
    metadata = parquetMetadata(file);
  } catch (e) {
    throw new CrmError('unreadable', `${fileName} is not a readable Parquet file (${(e as Error).message}).`, { file: fileName, format: 'parquet', reason: (e as Error).message });
  }
  const rows = Number(metadata.num_rows);
  const names = parquetSchema(metadata).children.map((c) => c.element.name);
  const cols: Record<string, unknown[]> = {};
  for (const n of names) cols[n] = new Array(rows);
  try {
    await parquetRead({
      file,
      metadata,
      compressors,
      onChunk: ({ columnName, columnData, rowStart, rowEnd }) => {
        const target = cols[columnName];
        if (!target) return;
        for (let i = rowStart, j = 0; i < rowEnd && i < rows; i++, j++) target[i] = columnData[j];
      },
    });
  } catch (e) {
    throw new CrmError('unreadable', `${fileName} could not be decoded as Parquet (${(e as Error).message}).`, { file: fileName, format: 'parquet', reason: (e as Error).message });
  }
  return { ipc: columnsToIPC(cols, rows), rows, columns: names };
}
