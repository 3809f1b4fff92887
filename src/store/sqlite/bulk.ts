/**
 * Bulk transfer on SQLite: seeding and import write rows in one transaction per batch (full-text
 * documents included), export reads them back through the shared statements.
 */
import type { BulkRows, BulkTransfer, ExportTable, TableRows } from '../../domain/ports/index.js';
import { sql } from '../shared/sql.js';
import { INSERT_ACCOUNT, INSERT_AGENT, INSERT_API_KEY, INSERT_CUSTOMER, INSERT_SKILL } from '../shared/statements.js';
import { customerInsertValues } from '../shared/directory.js';
import { asInteger, asText } from '../shared/rows.js';
import { exportTable } from '../shared/export.js';
import { bindable, optionalRow, requireRow, type SqliteDatabase, settle } from './database.js';
import { insertCall, insertMessage } from './call-writes.js';
import { indexText, optimizeText } from './full-text.js';

/** Page cache while bulk loading, KiB (the default is 2 MiB). */
const BULK_CACHE_KIB = 3 * 1024 * 1024;
const MESSAGES_OF_CALL = sql('SELECT seq, content FROM messages WHERE account_id = ? AND call_id = ?');
const CALL_ROWID = sql('SELECT rowid AS "r" FROM calls WHERE account_id = ? AND id = ?');

export class SqliteBulkTransfer implements BulkTransfer {
  private cacheSizeBeforeLoad: number | undefined;

  constructor(private readonly db: SqliteDatabase) {}

  insert(rows: BulkRows): Promise<void> {
    return settle(() => {
      const db = this.db;
      db.transaction(() => {
        for (const a of rows.accounts ?? []) db.statement(INSERT_ACCOUNT).run(a.id, a.name, a.createdAt);
        for (const k of rows.apiKeys ?? []) db.statement(INSERT_API_KEY).run(k.accountId, k.id, k.secretHash, k.createdAt, k.revokedAt);
        for (const a of rows.agents ?? []) {
          db.statement(INSERT_AGENT).run(
            a.accountId,
            a.id,
            a.name,
            a.lastname,
            a.email,
            a.phone,
            a.agentType,
            a.language,
            JSON.stringify(a.settings),
            a.createdAt,
            a.updatedAt,
          );
        }
        for (const s of rows.skills ?? [])
          db.statement(INSERT_SKILL).run(s.accountId, s.id, s.name, s.description, s.language, s.active ? 1 : 0, s.createdAt, s.updatedAt);
        for (const c of rows.customers ?? []) db.statement(INSERT_CUSTOMER).run(...bindable(customerInsertValues(c)));
        const rowids = new Map<string, number>();
        for (const c of rows.calls ?? []) {
          const rowid = insertCall(db, c);
          rowids.set(c.accountId + '/' + c.id, rowid);
          // Messages loaded by an earlier batch, before their call: index them now.
          for (const v of db.statement(MESSAGES_OF_CALL).all(c.accountId, c.id)) {
            const m = requireRow(v);
            indexText(db, rowid, asInteger(m.seq, 'seq'), asText(m.content, 'content'));
          }
        }
        for (const m of rows.messages ?? []) {
          const key = m.accountId + '/' + m.callId;
          let rowid = rowids.get(key);
          if (rowid === undefined) {
            const row = optionalRow(db.statement(CALL_ROWID).get(m.accountId, m.callId));
            rowid = row && asInteger(row.r, 'rowid');
            if (rowid !== undefined) rowids.set(key, rowid);
          }
          // A message whose call is not loaded yet is indexed when the call arrives.
          insertMessage(db, m, rowid);
        }
      });
    });
  }

  exportRows<T extends ExportTable>(table: T, batchSize: number): AsyncIterable<TableRows[T][]> {
    return exportTable(this.db.runner, table, batchSize);
  }

  loadStart(): Promise<void> {
    return settle(() => {
      const current: unknown = this.db.db.pragma('cache_size', { simple: true });
      this.cacheSizeBeforeLoad ??= typeof current === 'number' ? current : undefined;
      // A crash mid-load means seeding again, so nothing is synced until the end; a big page cache
      // keeps the random-key (UUID) index inserts in memory.
      this.db.db.pragma('synchronous = OFF');
      this.db.db.pragma(`cache_size = ${-BULK_CACHE_KIB}`);
      this.db.db.pragma('temp_store = MEMORY');
    });
  }

  loadEnd(): Promise<void> {
    return settle(() => {
      // Merge the full-text segments the batches left behind into one: searches then read one
      // b-tree per term instead of hundreds.
      optimizeText(this.db);
      this.db.db.pragma(`synchronous = ${this.db.synchronous}`);
      this.db.db.pragma('wal_checkpoint(TRUNCATE)');
      if (this.cacheSizeBeforeLoad !== undefined) this.db.db.pragma(`cache_size = ${this.cacheSizeBeforeLoad}`);
      this.cacheSizeBeforeLoad = undefined;
      this.db.db.pragma('temp_store = DEFAULT');
    });
  }
}
