/**
 * `calls-api export` / `calls-api import`: every row of a store as NDJSON, and back into another
 * store (e.g. SQLite → PostgreSQL). The file is a header line, one `{"table","row"}` line per row
 * in table order, then a trailer with the row counts, so a cut-short file is refused. Progress
 * goes to stderr; row contents never do.
 */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { once } from 'node:events';
import { EXPORT_TABLES, type BulkRows, type ExportTable, type Store } from '../store/store.js';

export const EXPORT_FORMAT = 'calls-api-export';
export const EXPORT_VERSION = 1;
const READ_BATCH = 1000;
const IMPORT_BATCH = 1000;

type Counts = Record<ExportTable, number>;
const zeroCounts = (): Counts => Object.fromEntries(EXPORT_TABLES.map((t) => [t, 0])) as Counts;

/** Rows as JSON: the API key hash (bytes) travels as base64. */
function encodeRow(table: ExportTable, row: object): object {
  if (table === 'apiKeys') {
    const key = row as { secretHash: Buffer };
    return { ...key, secretHash: key.secretHash.toString('base64') };
  }
  return row;
}

function decodeRow(table: ExportTable, row: Record<string, unknown>): object {
  if (table === 'apiKeys') return { ...row, secretHash: Buffer.from(row.secretHash as string, 'base64') };
  return row;
}

async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

export async function exportStore(store: Store, out: Writable, progress: (line: string) => void): Promise<Counts> {
  const counts = zeroCounts();
  await write(out, JSON.stringify({ format: EXPORT_FORMAT, version: EXPORT_VERSION, store: store.kind, schema: await store.schemaVersions() }) + '\n');
  for (const table of EXPORT_TABLES) {
    for await (const batch of store.exportRows(table, READ_BATCH)) {
      let chunk = '';
      for (const row of batch) chunk += JSON.stringify({ table, row: encodeRow(table, row) }) + '\n';
      await write(out, chunk);
      counts[table] += batch.length;
      if (counts[table] % (READ_BATCH * 10) === 0) progress(`export: ${table} ${counts[table]} rows…`);
    }
    progress(`export: ${table} ${counts[table]} rows`);
  }
  await write(out, JSON.stringify({ end: true, counts }) + '\n');
  return counts;
}

export class ImportError extends Error {}

/** Reads an export into an empty store, in batches of bulkInsert; answers the row counts. */
export async function importStore(store: Store, input: Readable, progress: (line: string) => void): Promise<Counts> {
  for await (const batch of store.exportRows('accounts', 1)) {
    if (batch.length > 0) throw new ImportError('the target store already holds accounts; import into an empty database');
  }
  const counts = zeroCounts();
  let pending: { table: ExportTable; rows: object[] } | undefined;
  const flush = async () => {
    if (!pending || pending.rows.length === 0) return;
    await store.bulkInsert({ [pending.table]: pending.rows } as BulkRows);
    counts[pending.table] += pending.rows.length;
    if (counts[pending.table] % (IMPORT_BATCH * 10) === 0) progress(`import: ${pending.table} ${counts[pending.table]} rows…`);
    pending.rows = [];
  };
  let header = false;
  let trailer: { counts: Counts } | undefined;
  let lineNo = 0;
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    lineNo++;
    if (line === '') continue;
    if (trailer) throw new ImportError(`line ${lineNo}: data after the end marker`);
    let item: Record<string, any>;
    try {
      item = JSON.parse(line);
    } catch {
      throw new ImportError(`line ${lineNo}: not JSON`);
    }
    if (!header) {
      if (item.format !== EXPORT_FORMAT || item.version !== EXPORT_VERSION) throw new ImportError('not a calls-api export (version 1)');
      header = true;
      continue;
    }
    if (item.end === true) {
      await flush();
      if (pending) progress(`import: ${pending.table} ${counts[pending.table]} rows`);
      trailer = item as { counts: Counts };
      continue;
    }
    const table = item.table as ExportTable;
    if (!EXPORT_TABLES.includes(table) || typeof item.row !== 'object' || item.row === null) throw new ImportError(`line ${lineNo}: unknown row`);
    if (pending?.table !== table) {
      await flush();
      if (pending) progress(`import: ${pending.table} ${counts[pending.table]} rows`);
      pending = { table, rows: [] };
    }
    pending.rows.push(decodeRow(table, item.row));
    if (pending.rows.length >= IMPORT_BATCH) await flush();
  }
  if (!header) throw new ImportError('empty input: not a calls-api export');
  if (!trailer) throw new ImportError('the export ends early (no end marker): it was cut short; drop the target database and import again');
  for (const table of EXPORT_TABLES) {
    if (trailer.counts[table] !== counts[table]) {
      throw new ImportError(`${table}: the export says ${trailer.counts[table]} rows, ${counts[table]} were read`);
    }
  }
  // The engine's after-load work (PostgreSQL: fresh planner statistics for the filled tables).
  await store.bulkLoadEnd?.();
  return counts;
}
