/**
 * Strong entity tags (RFC 9110 §8.8.3): a representation's tag is the SHA-1 of its bytes, so two
 * answers carry the same tag exactly when they are the same bytes. Clients send it back in
 * If-None-Match and get a 304 with no body while nothing they would see has changed.
 */
import { hash } from 'node:crypto';

/** The tag of these bytes, quoted as the ETag header carries it (29 characters). */
export function entityTag(representation: string | Buffer): string {
  return `"${hash('sha1', representation, 'base64url')}"`;
}

/** The tag of a list: of its items' tags in order, and of what follows them (the next page). */
export function listEntityTag(itemTags: readonly string[], next: string): string {
  return entityTag(`${itemTags.join(',')}|${next}`);
}
