/** How times, durations and excerpts read in the console (the browser's locale and time zone). */

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const timeOnly = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });

export function formatDateTime(iso: string): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateTime.format(d);
}

export function formatTime(iso: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : timeOnly.format(d);
}

/** 42 → "0:42", 3723 → "1:02:03". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds <= 0) return '0:00';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

/** The first few words of a text, with an ellipsis when there was more. */
export function firstWords(text: string, words = 10, chars = 80): string {
  const all = text.trim().split(/\s+/).filter(Boolean);
  let out = all.slice(0, words).join(' ');
  if (out.length > chars) out = out.slice(0, chars).replace(/\s+\S*$/, '');
  return out.length < text.trim().length ? `${out}…` : out;
}

export function sentenceCase(word: string): string {
  return word ? word[0].toUpperCase() + word.slice(1).replaceAll('-', ' ') : word;
}

/** Only http(s) URLs become links or players: a stored `javascript:` URL stays text. */
export function safeUrl(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

export function personName(first: string, last: string): string {
  return [first, last].filter(Boolean).join(' ');
}
