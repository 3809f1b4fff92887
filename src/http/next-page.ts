/** The URL of a list's next page, for its `Link: <…>; rel="next"` header. */

/**
 * The route's own path and the parsed filters, with the page's own parameter (`cursor`, `page`)
 * replaced. Nothing of the raw request line (its Host, a `#…`, parameters the list does not know)
 * comes back in it.
 */
export function nextPageUrl(
  path: string,
  filters: readonly string[],
  query: Record<string, unknown>,
  next: Readonly<Record<string, string>>,
): string {
  const params = new URLSearchParams();
  for (const name of filters) {
    const value = query[name];
    if (name in next || value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) {
      if (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean') params.append(name, String(item));
    }
  }
  for (const [name, value] of Object.entries(next)) params.set(name, value);
  return `${path}?${params.toString()}`;
}
