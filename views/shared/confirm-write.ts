/**
 * The Confirm step every write modal shares: the write is recorded (once per view) before Slack is acked
 * and the modal says "sending…". The worker (on whichever instance claims it) sends it and then updates
 * this modal with the outcome (views/write-status.ts), and posts the confirmation or alert in the channel.
 * A second submission of the same view (double click, Slack retry) only hears that it is already on its way.
 */
import type { ModalView } from '@slack/types';
import type { Logger } from '../../src/log.ts';
import type { OutboxWrite } from '../../src/store/index.ts';

type Ack = (response: { response_action: 'update'; view: ModalView }) => Promise<void>;

export interface ConfirmStep {
  ack: Ack;
  log: Logger;
  /** Record the write in the outbox (idempotent by the key derived from the view id); wakes the worker. */
  record: () => Promise<{ created: boolean; write: OutboxWrite }>;
  /** The modal's status view with this mrkdwn. */
  statusView: (mrkdwn: string) => ModalView;
  /** e.g. "this payment is already recorded" / "… being recorded". */
  already: (write: OutboxWrite) => string;
  sending: string;
  /** Runs after recording and before acking, only the first time (e.g. Edit & retry dismisses the write it replaces). */
  onRecorded?: (write: OutboxWrite) => Promise<void>;
}

export async function confirmWrite(step: ConfirmStep): Promise<OutboxWrite | undefined> {
  const { created, write } = await step.record();
  if (!created) {
    step.log.info({ writeId: write.id, state: write.state }, 'already recorded for this view; not sending again');
    await step.ack({ response_action: 'update', view: step.statusView(`${step.already(write)}: nothing was sent twice.`) });
    return undefined;
  }
  await step.onRecorded?.(write);
  await step.ack({ response_action: 'update', view: step.statusView(`:hourglass_flowing_sand: ${step.sending}`) });
  return write;
}
