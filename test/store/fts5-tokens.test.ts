/**
 * The PostgreSQL store's lexemes must be the SQLite store's FTS5 tokens, or `q` would find
 * different calls on the two engines. Checked against the SQLite that better-sqlite3 bundles.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { lexemes } from '../../src/store/postgres/text-search.js';

function fts5() {
  const db = new Database(':memory:');
  db.exec(`CREATE VIRTUAL TABLE t USING fts5(body, tokenize='unicode61 remove_diacritics 2');
           CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance');`);
  const insert = db.prepare('INSERT INTO t (rowid, body) VALUES (?, ?)');
  const all = db.prepare('SELECT doc, term FROM v ORDER BY doc, "offset"');
  return {
    db,
    insert: (id: number, text: string) => insert.run(id, text),
    /** Every document's distinct tokens in order of first appearance (one scan of the index). */
    tokens(): Map<number, string[]> {
      const byDoc = new Map<number, Set<string>>();
      for (const r of all.iterate() as Iterable<{ doc: number; term: string }>) {
        let set = byDoc.get(r.doc);
        if (!set) byDoc.set(r.doc, (set = new Set()));
        set.add(r.term);
      }
      return new Map([...byDoc].map(([d, s]) => [d, [...s]]));
    },
  };
}

describe('full-text lexemes match SQLite FTS5 (unicode61 remove_diacritics 2)', () => {
  it('splits and folds every Unicode code point as FTS5 does', () => {
    const f = fts5();
    const docs: [number, string][] = [];
    f.db.transaction(() => {
      for (let cp = 1; cp < 0x110000; cp++) {
        if (cp >= 0xd800 && cp < 0xe000) continue;
        const text = 'x' + String.fromCodePoint(cp) + 'y ' + String.fromCodePoint(cp);
        docs.push([cp, text]);
        f.insert(cp, text);
      }
    })();
    const wrong: string[] = [];
    const tokens = f.tokens();
    for (const [cp, text] of docs) {
      const want = (tokens.get(cp) ?? []).join(' ');
      const got = [...lexemes(text)].join(' ');
      if (want !== got && wrong.length < 10) wrong.push(`U+${cp.toString(16)}: fts5 "${want}" vs "${got}"`);
    }
    assert.deepEqual(wrong, []);
  });

  it('agrees on sentences mixing scripts, e-mails, URLs, numbers and diacritics', () => {
    const f = fts5();
    const samples = [
      'Contact john.doe+billing@example.com or visit https://example.com/a_b?x=1#frag',
      'Straße, café, naïve, ÆSIR, œuvre, ŁÓDŹ, İstanbul, ΟΔΟΣ, ǅemal, ﬁnance, ①②, ½',
      'Invoice #INV-2024-0042: $1,234.56 due 2025-03-17T14:30:00.000Z (3.14%)',
      'हिन्दी भाषा, 日本語のテキスト, Привет Ёлка, emoji😀here, x’y, a\u0301b',
    ];
    samples.forEach((s, i) => f.insert(i + 1, s));
    const tokens = f.tokens();
    samples.forEach((s, i) => {
      assert.deepEqual([...lexemes(s)], tokens.get(i + 1) ?? [], s);
    });
  });

  it('agrees on arbitrary text', () => {
    const f = fts5();
    const texts = fc
      .sample(fc.tuple(fc.string({ unit: 'grapheme', maxLength: 60 }), fc.string({ unit: 'binary', maxLength: 40 })), {
        numRuns: 2000,
        seed: 42,
      })
      .map(([a, b]) => a + ' ' + b);
    texts.forEach((text, i) => f.insert(i + 1, text));
    const tokens = f.tokens();
    texts.forEach((text, i) => {
      assert.deepEqual([...lexemes(text)], tokens.get(i + 1) ?? [], JSON.stringify(text));
    });
  });
});
