/**
 * Full-text lexemes for the PostgreSQL store, split and folded exactly as the SQLite store's FTS5
 * tokenizer (`unicode61 remove_diacritics 2`) does, so `q` finds the same calls on both engines.
 * PostgreSQL's own parsers differ (they keep e-mail addresses, URLs and hyphenated words whole),
 * hence lexemes are made here and handed to PostgreSQL as a tsvector; the GIN index and the
 * `@@` match are PostgreSQL's.
 */
import { FOLDS, TOKEN_RANGES } from './fts5-tokens.js';

const rangeStarts: number[] = [];
const rangeEnds: number[] = [];
for (const pair of TOKEN_RANGES.split(',')) {
  const [a, b] = pair.split('-');
  rangeStarts.push(parseInt(a, 36));
  rangeEnds.push(parseInt(b, 36));
}
const folds = new Map<number, number>();
for (const pair of FOLDS.split(',')) {
  const [a, b] = pair.split(':');
  folds.set(parseInt(a, 36), parseInt(b, 36));
}

/** ASCII fast path: 0 separator, else the folded code point. */
const ascii = new Int32Array(128);
for (let cp = 0; cp < 128; cp++) ascii[cp] = isTokenChar(cp) ? (folds.get(cp) ?? cp) : 0;

function isTokenChar(cp: number): boolean {
  let lo = 0;
  let hi = rangeStarts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (cp < rangeStarts[mid]) hi = mid - 1;
    else if (cp > rangeEnds[mid]) lo = mid + 1;
    else return true;
  }
  return false;
}

/** PostgreSQL refuses lexemes of 2 KiB or more; such a "word" could never be searched for anyway. */
const MAX_LEXEME_BYTES = 2046;

/** The distinct tokens of a text, folded, in order of first appearance. */
export function lexemes(text: string, into: Set<string> = new Set()): Set<string> {
  let token = '';
  let inToken = false;
  const flush = () => {
    if (token !== '' && Buffer.byteLength(token) <= MAX_LEXEME_BYTES) into.add(token);
    token = '';
    inToken = false;
  };
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    let folded: number;
    if (cp < 128) folded = ascii[cp];
    else if (isTokenChar(cp)) folded = folds.get(cp) ?? cp;
    else folded = 0;
    if (folded === 0 && !(cp >= 128 && folds.get(cp) === 0)) {
      if (inToken) flush();
      continue;
    }
    inToken = true;
    if (folded !== 0) token += String.fromCodePoint(folded);
  }
  if (inToken) flush();
  return into;
}

/**
 * The tsquery operands for "every term appears": each term's lexemes, quoted as tsquery
 * literals (so no user syntax reaches PostgreSQL), all of which must match. A term FTS5 would
 * read as several tokens (a phrase) needs all of them; a term with no token is ignored, as FTS5
 * ignores an empty phrase. Empty when nothing is left to search for (matches nothing).
 */
export function termsQuery(terms: readonly string[]): string[] {
  const all = new Set<string>();
  for (const term of terms) lexemes(term, all);
  return [...all].map((l) => `'${l.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`);
}

/** PostgreSQL's tsvector limit is 1 MiB; each lexeme costs its bytes plus a 4-byte entry. */
const MAX_VECTOR_BYTES = 1_000_000;

/**
 * The lexemes to store for a text, for `array_to_tsvector`. A text whose distinct words exceed
 * PostgreSQL's tsvector limit (only a transcription can: over ~100k distinct words) is indexed
 * up to the limit.
 */
export function vectorLexemes(text: string): string[] {
  if (text === '') return [];
  const out: string[] = [];
  let bytes = 0;
  for (const l of lexemes(text)) {
    bytes += Buffer.byteLength(l) + 4;
    if (bytes > MAX_VECTOR_BYTES) break;
    out.push(l);
  }
  return out;
}
