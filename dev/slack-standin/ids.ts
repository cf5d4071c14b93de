/**
 * Slack-looking identifiers: message ts (`1732528000.000100`, strictly increasing), view ids (`V…`),
 * view hashes, trigger ids, event ids, and the random block/action ids Slack fills in.
 */
import { randomBytes } from 'node:crypto';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export function randomAlnum(len: number, alphabet = ALNUM): string {
  const bytes = randomBytes(len);
  let out = '';
  for (const b of bytes) out += alphabet[b % alphabet.length];
  return out;
}

export class IdSource {
  private lastMicros = 0;
  private viewCounter = 0;

  constructor(private readonly now: () => number) {}

  /** Message timestamp: wall-clock seconds plus a 6-digit fraction, always larger than the previous one. */
  nextTs(): string {
    const micros = Math.max(this.lastMicros + 100, Math.floor(this.now()) * 1000);
    this.lastMicros = micros;
    const sec = Math.floor(micros / 1_000_000);
    const frac = String(micros % 1_000_000).padStart(6, '0');
    return `${sec}.${frac}`;
  }

  viewId(): string {
    this.viewCounter += 1;
    return `V${this.viewCounter.toString(36).toUpperCase().padStart(3, '0')}${randomAlnum(6)}`;
  }

  viewHash(): string {
    return `${Math.floor(this.now() / 1000)}.${randomAlnum(8, 'abcdefghijklmnopqrstuvwxyz0123456789')}`;
  }

  triggerId(): string {
    const a = String(Math.floor(this.now() / 1000));
    const b = String(100_000_000 + Math.floor(Math.random() * 899_999_999));
    return `${a}.${b}.${randomBytes(16).toString('hex')}`;
  }

  eventId(): string {
    return `Ev${randomAlnum(9)}`;
  }

  responseId(): string {
    return randomAlnum(24, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789');
  }

  /** `action_ts`-style: seconds with 6 decimals. */
  actionTs(): string {
    return (this.now() / 1000).toFixed(6);
  }

  reset(): void {
    this.viewCounter = 0;
  }
}
