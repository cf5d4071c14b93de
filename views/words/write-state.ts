/**
 * Where a write stands, in a person's words, wherever writes are listed (the App Home, `/loan history`):
 * the same reading as its alert (views/alerts/messages.ts), from the same stored fields.
 */
import { clockSecondsIn } from '../../src/domain/dates.ts';
import type { OutboxWrite } from '../../src/usecases/records.ts';
import { isRejected } from '../../src/usecases/replace-write.ts';
import { doubtOfWrite } from '../../src/usecases/retry-write.ts';
import { UNVERIFIED } from '../../src/usecases/write-outcomes.ts';
import { LENDER_NAMES } from './operations.ts';

export function writeStateWords(write: OutboxWrite, at: { now: number; timeZone: string }): string {
  const lender = LENDER_NAMES[write.lender];
  const clock = (ms: number | null) => clockSecondsIn(new Date(ms ?? write.updatedAt), at.timeZone);
  switch (write.state) {
    case 'confirmed':
      return 'done';
    case 'dismissed':
      return 'dismissed';
    case 'sending':
      return 'sending';
    case 'pending': {
      if (write.lastError === null) return 'waiting to be sent';
      const doubt = doubtOfWrite(write, at.now);
      switch (doubt.kind) {
        case 'none':
          return `failed; loanbot tries again at ${clock(write.dueAt)}`;
        case 'finished':
          return `failed; loanbot checks the loan at ${clock(write.dueAt)} and sends it again only if it is not there`;
        case 'on_its_way':
          return `may still be on its way to ${lender}; final check at ${clock(doubt.checkAt)}`;
      }
      break;
    }
    case 'failed':
      if (isRejected(write)) return `refused by ${lender}: correct it with Edit & retry`;
      if (write.lastError === UNVERIFIED) return 'needs a person: check the loan, then Send anyway or Dismiss';
      return 'failed, waiting for a Retry';
  }
  return write.state;
}
