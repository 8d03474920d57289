import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * True when `presented` equals one of `accepted` (several during a rotation). Both sides are hashed first so
 * the comparison always runs over 32 bytes: its time depends neither on where the strings differ nor on
 * their lengths, and every accepted secret is compared (no early exit reveals which one matched).
 */
export function matchesAnySecret(presented: string | undefined, accepted: readonly string[]): boolean {
  if (presented === undefined || presented === '') return false;
  const presentedDigest = digest(presented);
  let matched = false;
  for (const secret of accepted) {
    if (secret !== '' && timingSafeEqual(presentedDigest, digest(secret))) matched = true;
  }
  return matched;
}
