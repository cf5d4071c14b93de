/**
 * The alert's Retry, Send anyway and Edit & retry. Each carries only the outbox id, so they work after a
 * restart, on any instance and from a forwarded message alike; the use cases move the row and the store
 * decides who wins when two people click at once. Nothing here sends: the worker does.
 */
import { clockSecondsIn } from '../../src/domain/dates.ts';
import type { Services } from '../../src/services.ts';
import type { ButtonListener } from '../../src/slack/listeners.ts';
import { requestLogger } from '../../src/slack/request-logger.ts';
import { startEditAndRetry } from '../../src/usecases/edit-and-retry.ts';
import { retryWrite, type RetryResult } from '../../src/usecases/retry-write.ts';
import { CANNOT_FILL_FORM } from '../words/edit-retry.ts';
import { openCorrectionForm } from './edit-retry.ts';
import { tellPresser } from './tell-presser.ts';
import { retryPressedSentence } from '../words/write-doubt.ts';

/** What the person who pressed the button hears, only when it is not the obvious "on its way". */
function retryReply(result: RetryResult, timeZone: string): string | undefined {
  if (result.kind === 'unknown') return 'loanbot has no record of that write.';
  if (result.kind === 'already') {
    const { state } = result.write;
    return state === 'pending' || state === 'sending'
      ? 'That write is already on its way (someone pressed Retry, or loanbot is retrying it): it will not be sent twice.'
      : `That write is already ${state}: nothing to retry.`;
  }
  return retryPressedSentence(result.write, result.doubt, (ms) => clockSecondsIn(new Date(ms), timeZone));
}

/** *Retry* (and *Retry now* while loanbot waits to try again by itself). */
export function retryButton(deps: Services): ButtonListener {
  return async ({ ack, body, action, client, context }) => {
    await ack();
    const log = requestLogger(deps.logger, body, context);
    const result = await retryWrite(deps, action.value ?? '', { by: body.user.id });
    log.info({ writeId: action.value, result: result.kind }, 'retry requested');
    const reply = retryReply(result, deps.config.timeZone);
    if (reply) await tellPresser(client, body, reply);
    if (result.kind === 'already') await deps.notifier.refreshAlerts(result.write);
  };
}

/** *Send anyway*: a person checked the loan; sent without reconciling first. */
export function sendAnywayButton(deps: Services): ButtonListener {
  return async ({ ack, body, action, client }) => {
    await ack();
    const result = await retryWrite(deps, action.value ?? '', { by: body.user.id, force: true });
    const reply = retryReply(result, deps.config.timeZone);
    if (reply) await tellPresser(client, body, reply);
  };
}

/** *Edit & retry*: the rejected write's form, filled in with what was sent. */
export function editRetryButton(deps: Services): ButtonListener {
  return async ({ ack, body, action, client }) => {
    await ack();
    const start = await startEditAndRetry(deps, action.value ?? '');
    switch (start.kind) {
      case 'unknown':
        await tellPresser(client, body, 'loanbot has no record of that write.');
        return;
      case 'not_failed':
        await tellPresser(client, body, `That write is already ${start.state}.`);
        return;
      case 'unreadable':
        await tellPresser(client, body, CANNOT_FILL_FORM);
        return;
      case 'form':
        await openCorrectionForm(deps, client, body.trigger_id, start.place, start.form);
        return;
    }
  };
}
