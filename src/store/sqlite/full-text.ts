/**
 * The SQLite full-text index (FTS5 table message_text, migration 4): one document per message
 * and one for an explicit transcription, keyed by rowid = calls.rowid × TEXT_PARTS + part (part 0
 * the transcription, part n the message of seq n). Runs inside the caller's transaction.
 */
import { sql } from '../shared/sql.js';
import type { SqliteDatabase } from './database.js';

/** Full-text documents per call. */
export const TEXT_PARTS = 16_777_216;
/**
 * The full-text documents of the calls whose rowids run from the first parameter to the second.
 * The bounds are computed in SQL from integers: better-sqlite3 binds a JS number as a REAL, and
 * FTS5 uses a rowid bound only when it is an INTEGER; with a REAL one it reads the term's whole
 * doclist (for a DELETE, the whole index) and leaves the filtering to SQLite. At a million calls
 * that made removing a call's documents (erasure, retention, a new transcription) take 1.4 s
 * instead of 0.1 ms, and a range probe for a common word 50–75 ms instead of 0.05 ms.
 */
export const TEXT_OF_CALLS = `rowid BETWEEN CAST(? AS INTEGER) * ${TEXT_PARTS} AND CAST(? AS INTEGER) * ${TEXT_PARTS} + ${TEXT_PARTS - 1}`;

const INSERT_DOCUMENT = sql('INSERT INTO message_text (rowid, body) VALUES (CAST(? AS INTEGER), ?)');
const DELETE_DOCUMENT = sql('DELETE FROM message_text WHERE rowid = CAST(? AS INTEGER)');
const DELETE_CALL_DOCUMENTS = sql(`DELETE FROM message_text WHERE ${TEXT_OF_CALLS}`);
const OPTIMIZE = sql(`INSERT INTO message_text (message_text) VALUES ('optimize')`);

/** Adds a document: part 0 is the call's transcription, part n its message of seq n. */
export function indexText(db: SqliteDatabase, callRowid: number, part: number, body: string): void {
  if (body === '') return;
  if (part >= TEXT_PARTS) throw new Error(`message seq ${part} exceeds the full-text key space`);
  db.statement(INSERT_DOCUMENT).run(callRowid * TEXT_PARTS + part, body);
}

/** Replaces the document of the call's explicit transcription. */
export function reindexTranscription(db: SqliteDatabase, callRowid: number, transcription: string): void {
  db.statement(DELETE_DOCUMENT).run(callRowid * TEXT_PARTS);
  indexText(db, callRowid, 0, transcription);
}

/** Removes every document of the call (its transcription and all its messages). */
export function unindexCall(db: SqliteDatabase, callRowid: number): void {
  db.statement(DELETE_CALL_DOCUMENTS).run(callRowid, callRowid);
}

/** Merges the index's segments into one: searches then read one b-tree per term (and erased terms are gone). */
export function optimizeText(db: SqliteDatabase): void {
  db.statement(OPTIMIZE).run();
}
