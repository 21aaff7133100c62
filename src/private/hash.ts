import { createHash } from 'crypto';

/** Eight lower-case hex characters derived from `text` (SHA-256), for stable names and IDs. */
export function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 8);
}
