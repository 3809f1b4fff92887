/** Sizes the API promises, named once: the schemas, the domain and the stores use these. */

/** Items on a page when the client names no `limit`. */
export const DEFAULT_PAGE_SIZE = 50;
/** Largest `limit` a list accepts. */
export const MAX_PAGE_SIZE = 500;
/** Highest `page` number of the page/limit lists. */
export const MAX_PAGE_NUMBER = 1_000_000;
/** Words of a search text that are used; the rest are ignored. */
export const MAX_SEARCH_TERMS = 8;
/** Longest retention period accepted: 100 years. */
export const MAX_RETENTION_DAYS = 36_500;
