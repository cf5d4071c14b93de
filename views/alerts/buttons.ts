/**
 * The alert's buttons. Each carries only the outbox id, so they work after a restart, on any instance and
 * from a forwarded message alike; the use cases move the row and the store decides who wins when two
 * people click at once. Nothing here sends: the worker does.
 */
import { needs, retryRole } from '../../src/slack/listener-roles.ts';
import type { App, BlockButtonAction, ViewSubmitAction } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import type { Services } from '../../src/services.ts';
import { retryWrite, type RetryResult } from '../../src/usecases/retry-write.ts';
import { dismissWrite } from '../../src/usecases/dismiss-write.ts';
import { clockSecondsIn } from '../../src/domain/dates.ts';
import { openEditRetryForm } from './edit-retry.ts';
import { requestLogger } from '../../src/slack/request-logger.ts';
import { escapeMrkdwn, section } from '../shared/blocks.ts';
import type { SlackNotifier } from './notifier.ts';
import { ALERT_ACTIONS } from './messages.ts';
import { readViewValues } from '../shared/view-values.ts';
import { inputBlock, modalView, textElement } from '../shared/modal-parts.ts';
import { readMetadata } from '../../src/slack/metadata.ts';
import { z } from 'zod';

const DISMISS_CALLBACK = 'alert_dismiss_reason';

function dismissView(writeId: string, loanId: string): ModalView {
  return modalView({
    callbackId: DISMISS_CALLBACK,
    title: 'Dismiss alert',
    submit: 'Dismiss',
    metadata: { writeId },
    blocks: [
      section(`The failed write for loan *${escapeMrkdwn(loanId)}* will not be retried. Say why, for the audit trail.`),
      inputBlock('reason', 'Reason', textElement('reason', { placeholder: 'e.g. recorded by hand in Credgenics', max: 200 })),
    ],
  });
}

export function registerAlertHandlers(app: App, services: Services, notifier: SlackNotifier): void {
  const ephemeral = async (client: App['client'], channel: string | undefined, user: string, text: string) => {
    if (!channel) return;
    await client.chat.postEphemeral({ channel, user, text }).catch(() => undefined);
  };

  /** What the person who pressed the button hears, only when it is not the obvious "on its way". */
  const retryReply = (result: RetryResult): string | undefined => {
    if (result.kind === 'unknown') return 'loanbot has no record of that write.';
    if (result.kind === 'already') {
      const { state } = result.write;
      return state === 'pending' || state === 'sending'
        ? 'That write is already on its way (someone pressed Retry, or loanbot is retrying it): it will not be sent twice.'
        : `That write is already ${state}: nothing to retry.`;
    }
    if (result.checkAt !== null) {
      const at = clockSecondsIn(new Date(result.checkAt), services.config.timeZone);
      return `Credgenics may still be applying the earlier attempt. loanbot checks loan ${result.write.loanId} at ${at} and sends the write again only if it is not there.`;
    }
    return undefined;
  };

  app.action<BlockButtonAction>(ALERT_ACTIONS.retry, needs(app).action(ALERT_ACTIONS.retry, retryRole(services)), async ({ ack, body, action, client, context }) => {
    await ack();
    const log = requestLogger(services.logger, body, context);
    const result = await retryWrite(services, action.value ?? '', { by: body.user.id });
    log.info({ writeId: action.value, result: result.kind }, 'retry requested');
    const reply = retryReply(result);
    if (reply) await ephemeral(client, body.channel?.id, body.user.id, reply);
    if (result.kind === 'already') await notifier.refreshAlerts(result.write);
  });

  app.action<BlockButtonAction>(ALERT_ACTIONS.sendAnyway, needs(app).action(ALERT_ACTIONS.sendAnyway, 'supervisor'), async ({ ack, body, action, client }) => {
    await ack();
    const result = await retryWrite(services, action.value ?? '', { by: body.user.id, force: true });
    const reply = retryReply(result);
    if (reply) await ephemeral(client, body.channel?.id, body.user.id, reply);
  });

  // Edit & retry needs the role of the write it replaces (a payment: an agent; anything else: a supervisor).
  app.action<BlockButtonAction>(ALERT_ACTIONS.editRetry, needs(app).action(ALERT_ACTIONS.editRetry, retryRole(services)), async ({ ack, body, action, client }) => {
    await ack();
    const write = await services.store.outbox.get(action.value ?? '');
    if (!write || write.state !== 'failed') {
      await ephemeral(client, body.channel?.id, body.user.id, write ? `That write is already ${write.state}.` : 'loanbot has no record of that write.');
      return;
    }
    const opened = await openEditRetryForm(services, client, body.trigger_id, write);
    if (!opened) await ephemeral(client, body.channel?.id, body.user.id, 'loanbot cannot fill a form in from that write: start it again from the loan.');
  });

  app.action<BlockButtonAction>(ALERT_ACTIONS.dismiss, needs(app).action(ALERT_ACTIONS.dismiss, 'supervisor'), async ({ ack, body, action, client }) => {
    await ack();
    const write = await services.store.outbox.get(action.value ?? '');
    if (!write || (write.state !== 'failed' && write.state !== 'pending')) {
      await ephemeral(client, body.channel?.id, body.user.id, write ? `That write is already ${write.state}.` : 'loanbot has no record of that write.');
      return;
    }
    await client.views.open({ trigger_id: body.trigger_id, view: dismissView(write.id, write.loanId) });
  });

  app.view<ViewSubmitAction>(DISMISS_CALLBACK, needs(app).view(DISMISS_CALLBACK, 'supervisor'), async ({ ack, view, body }) => {
    const { writeId } = readMetadata(view.private_metadata, z.object({ writeId: z.string().max(100) }));
    const reason = (readViewValues(view, ['reason']).reason ?? '').trim();
    if (!reason) {
      await ack({ response_action: 'errors', errors: { reason: 'Say why, for the audit trail' } });
      return;
    }
    await ack();
    await dismissWrite(services, writeId, body.user.id, reason);
  });
}
