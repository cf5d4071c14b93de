/**
 * The Confirm step every write modal shares, once the use case has recorded the write (once per view)
 * before Slack is acked: the modal says "sending…". The worker (on whichever instance claims it) sends it
 * and then updates this modal with the outcome (views/alerts/write-status.ts), and posts the confirmation
 * or alert in the channel. A second submission of the same view (double click, Slack retry) only hears
 * that it is already on its way; a form naming a write it may not replace hears why, and nothing is sent.
 */
import type { ModalView } from '@slack/types';
import type { Logger } from '../../src/log.ts';
import type { OutboxWrite } from '../../src/usecases/records.ts';
import type { Confirmation } from '../../src/usecases/replace-write.ts';
import { replaceRefusalReason, replaceRefusalText } from '../words/edit-retry.ts';

type Ack = (response: { response_action: 'update'; view: ModalView }) => Promise<void>;

export interface ConfirmStep {
  ack: Ack;
  log: Logger;
  /** The modal's status view with this mrkdwn. */
  statusView: (mrkdwn: string) => ModalView;
  /** e.g. "this payment is already recorded" / "… being recorded". */
  already: (write: OutboxWrite) => string;
  sending: string;
  /** "This payment", as a refused Edit & retry names it. */
  noun: string;
  /** The write the form replaces (Edit & retry), for the log. */
  replaces: string | undefined;
}

export async function ackConfirmation(result: Confirmation, step: ConfirmStep): Promise<void> {
  switch (result.kind) {
    case 'refused':
      step.log.warn({ replaces: step.replaces, reason: replaceRefusalReason(result.refusal) }, 'refused a write replacing one it may not replace');
      await step.ack({ response_action: 'update', view: step.statusView(replaceRefusalText(step.noun, result.refusal)) });
      return;
    case 'already':
      step.log.info({ writeId: result.write.id, state: result.write.state }, 'already recorded for this view; not sending again');
      await step.ack({ response_action: 'update', view: step.statusView(`${step.already(result.write)}: nothing was sent twice.`) });
      return;
    case 'recorded':
      await step.ack({ response_action: 'update', view: step.statusView(`:hourglass_flowing_sand: ${step.sending}`) });
      return;
  }
}
