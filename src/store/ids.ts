/** Outbox write ids: 'w_' + 12 characters of lowercase base32 (60 random bits), safe in a Slack button value. */
import { randomBytes } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567'; // RFC 4648 base32, lowercased
const ID_CHARS = 12;

export const WRITE_ID_PATTERN = /^w_[a-z2-7]{12}$/;

export function newWriteId(): string {
  const bytes = randomBytes(8); // 64 bits, of which the first 60 are used
  let bits = 0;
  let buffered = 0;
  let out = 'w_';
  for (const byte of bytes) {
    buffered = (buffered << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < ID_CHARS + 2) {
      bits -= 5;
      out += ALPHABET.charAt((buffered >> bits) & 31);
    }
    buffered &= (1 << bits) - 1;
  }
  return out;
}
