/**
 * The Edit & retry step every write modal shares: a form opened from an alert's Edit & retry names, in
 * its metadata, the id of the rejected write it replaces. At Confirm that id is checked before anything is
 * recorded (src/usecases/replace-write.ts), and once the new write is recorded the old one is dismissed
 * ("edited and sent again as w_…") and its alert updated in place.
 */
import { z } from 'zod';
import type { Logger } from '../../src/log.ts';
import type { Services } from '../../src/services.ts';
import type { OutboxWrite } from '../../src/store/index.ts';
import { checkReplaceable, dismissReplaced, type Replacement } from '../../src/usecases/replace-write.ts';
import { escapeMrkdwn } from './blocks.ts';

/** What a form's metadata carries: an outbox write id, nothing else. */
export const replacesSchema = z.string().regex(/^w_[a-z0-9]{1,40}$/).optional();

/** The modal's words when the form names a write it may not replace; undefined when it names none, or one it may. */
export async function replaceRefusal(services: Services, log: Logger, replaces: string | undefined, replacement: Replacement, noun: string): Promise<string | undefined> {
  if (!replaces) return undefined;
  const check = await checkReplaceable(services, replaces, replacement);
  if (check.ok) return undefined;
  log.warn({ replaces, reason: check.reason }, 'refused a write replacing one it may not replace');
  return `:no_entry: ${noun} cannot be sent as an Edit & retry: ${escapeMrkdwn(check.reason)}. Nothing was sent.`;
}

/** For confirmWrite's onRecorded: dismiss the replaced write (checked once more) and update its alert. */
export function dismissWhenRecorded(services: Services, replaces: string | undefined, replacement: Replacement): ((write: OutboxWrite) => Promise<void>) | undefined {
  if (!replaces) return undefined;
  return async (write) => {
    const replaced = await dismissReplaced(services, replaces, { ...replacement, replacement: write.id });
    if (replaced) await services.notifier.refreshAlerts(replaced);
  };
}

/** The line a form opened by Edit & retry shows, so the person knows what Confirm does. */
export function editRetryNote(replaces: string): string {
  return `Edit & retry of the rejected write ${replaces}: correct what the lender refused; Confirm sends this instead and the old alert says so.`;
}
