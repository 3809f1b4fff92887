/**
 * `calls-api export` / `calls-api import`: every row of a store as NDJSON, and back into another
 * store (e.g. SQLite → PostgreSQL). The file is a header line, one `{"table","row"}` line per row
 * in table order, then a trailer with the row counts, so a cut-short file is refused. Each row is
 * checked by its table's mapper (the one that reads the database) before it is inserted: a
 * malformed line stops the import naming the line and the field. Progress goes to stderr; row
 * contents never do.
 */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { once } from 'node:events';
import { EXPORT_TABLES, type BulkRows, type ExportTable, type Repositories, type TableRows } from '../domain/ports/index.js';
import { TABLE_MAPPERS } from '../store/shared/mappers.js';
import { RowError } from '../store/shared/rows.js';
import { isRow, type Row } from '../store/shared/sql.js';

export const EXPORT_FORMAT = 'calls-api-export';
export const EXPORT_VERSION = 1;
const READ_BATCH = 1000;
const IMPORT_BATCH = 1000;

type Counts = Record<ExportTable, number>;
const zeroCounts = (): Counts => ({ accounts: 0, apiKeys: 0, agents: 0, skills: 0, customers: 0, calls: 0, messages: 0 });

/** A row as JSON: the API key hash (bytes) travels as base64. */
function encodeRow(row: object): object {
  if ('secretHash' in row && Buffer.isBuffer(row.secretHash)) return { ...row, secretHash: row.secretHash.toString('base64') };
  return row;
}

/** A row of the file as the record its table holds, every field checked (RowError names the field). */
function decodeRow<T extends ExportTable>(table: T, row: Row): TableRows[T] {
  if (table === 'apiKeys') {
    const hash = row.secretHash;
    if (typeof hash !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(hash)) throw new RowError('secretHash', 'base64 text');
    return TABLE_MAPPERS[table]({ ...row, secretHash: Buffer.from(hash, 'base64') });
  }
  return TABLE_MAPPERS[table](row);
}

async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

export async function exportStore(store: Repositories, out: Writable, progress: (line: string) => void): Promise<Counts> {
  const counts = zeroCounts();
  await write(
    out,
    JSON.stringify({ format: EXPORT_FORMAT, version: EXPORT_VERSION, store: store.kind, schema: await store.schemaVersions() }) + '\n',
  );
  for (const table of EXPORT_TABLES) {
    for await (const batch of store.bulk.exportRows(table, READ_BATCH)) {
      let chunk = '';
      for (const row of batch) chunk += JSON.stringify({ table, row: encodeRow(row) }) + '\n';
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

/** How a record joins the batch of its table. */
const ADD: { readonly [T in ExportTable]: (rows: BulkRows, record: TableRows[T]) => void } = {
  accounts: (rows, r) => void (rows.accounts ??= []).push(r),
  apiKeys: (rows, r) => void (rows.apiKeys ??= []).push(r),
  agents: (rows, r) => void (rows.agents ??= []).push(r),
  skills: (rows, r) => void (rows.skills ??= []).push(r),
  customers: (rows, r) => void (rows.customers ??= []).push(r),
  calls: (rows, r) => void (rows.calls ??= []).push(r),
  messages: (rows, r) => void (rows.messages ??= []).push(r),
};

/** Checks a row of the file (RowError names a bad field) and adds its record to the batch. */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- T ties ADD[table] to decodeRow(table): without it the table is a union and the call does not type-check
function addRow<T extends ExportTable>(rows: BulkRows, table: T, row: Row): void {
  ADD[table](rows, decodeRow(table, row));
}

function isExportTable(value: unknown): value is ExportTable {
  return EXPORT_TABLES.some((t) => t === value);
}

/** The trailer's counts, each a whole number. */
function trailerCounts(item: Row, lineNo: number): Counts {
  const counts = zeroCounts();
  const given = item.counts;
  if (!isRow(given)) throw new ImportError(`line ${lineNo}: the end marker has no counts`);
  for (const table of EXPORT_TABLES) {
    const n = given[table];
    if (typeof n !== 'number' || !Number.isSafeInteger(n))
      throw new ImportError(`line ${lineNo}: the end marker's ${table} count is not a number`);
    counts[table] = n;
  }
  return counts;
}

/**
 * Reads an export into an empty store, in batches of bulk inserts; answers the row counts. A
 * malformed line stops the import: the batches before it are in the store (drop the target
 * database and import again, as for a cut-short file).
 */
export async function importStore(store: Repositories, input: Readable, progress: (line: string) => void): Promise<Counts> {
  for await (const batch of store.bulk.exportRows('accounts', 1)) {
    if (batch.length > 0) throw new ImportError('the target store already holds accounts; import into an empty database');
  }
  const counts = zeroCounts();
  let pending: { table: ExportTable; rows: BulkRows; size: number } | undefined;
  const flush = async () => {
    if (!pending || pending.size === 0) return;
    await store.bulk.insert(pending.rows);
    counts[pending.table] += pending.size;
    if (counts[pending.table] % (IMPORT_BATCH * 10) === 0) progress(`import: ${pending.table} ${counts[pending.table]} rows…`);
    pending = { table: pending.table, rows: {}, size: 0 };
  };
  let header = false;
  let trailer: Counts | undefined;
  let lineNo = 0;
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    lineNo++;
    if (line === '') continue;
    if (trailer) throw new ImportError(`line ${lineNo}: data after the end marker`);
    let item: unknown;
    try {
      item = JSON.parse(line);
    } catch {
      throw new ImportError(`line ${lineNo}: not JSON`);
    }
    if (!isRow(item)) throw new ImportError(`line ${lineNo}: not a JSON object`);
    if (!header) {
      if (item.format !== EXPORT_FORMAT || item.version !== EXPORT_VERSION) throw new ImportError('not a calls-api export (version 1)');
      header = true;
      continue;
    }
    if (item.end === true) {
      await flush();
      if (pending) progress(`import: ${pending.table} ${counts[pending.table]} rows`);
      trailer = trailerCounts(item, lineNo);
      continue;
    }
    const table = item.table;
    if (!isExportTable(table) || !isRow(item.row)) throw new ImportError(`line ${lineNo}: unknown row`);
    if (pending?.table !== table) {
      await flush();
      if (pending) progress(`import: ${pending.table} ${counts[pending.table]} rows`);
      pending = { table, rows: {}, size: 0 };
    }
    try {
      addRow(pending.rows, table, item.row);
    } catch (err) {
      if (err instanceof RowError)
        throw new ImportError(
          `line ${lineNo}: ${table} row: ${err.message} (the import stopped there; drop the target database before importing again)`,
        );
      throw err;
    }
    pending.size++;
    if (pending.size >= IMPORT_BATCH) await flush();
  }
  if (!header) throw new ImportError('empty input: not a calls-api export');
  if (!trailer) throw new ImportError('the export ends early (no end marker): it was cut short; drop the target database and import again');
  for (const table of EXPORT_TABLES) {
    if (trailer[table] !== counts[table]) {
      throw new ImportError(`${table}: the export says ${trailer[table]} rows, ${counts[table]} were read`);
    }
  }
  // The engine's after-load work (SQLite: merged full-text segments; PostgreSQL: fresh planner statistics).
  await store.bulk.loadEnd();
  return counts;
}
