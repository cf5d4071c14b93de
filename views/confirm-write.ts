/**
 * The Confirm step every write modal shares: the write is recorded (once per view) before Slack is acked,
 * the modal shows "sending…", the write runs through the outbox, and the modal then says how it went.
 * A second submission of the same view (double click, Slack retry) only hears that it is already done.
 */
import type { ModalView } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../src/log.ts';
import type { OutboxWrite } from '../src/store/index.ts';
import type { Services } from '../src/services.ts';
import { runWrite, type WriteOutcome } from '../src/usecases/run-write.ts';

type Ack = (response: { response_action: 'update'; view: ModalView }) => Promise<void>;

export interface ConfirmStep {
  ack: Ack;
  client: WebClient;
  viewId: string;
  by: string;
  log: Logger;
  /** Record the write in the outbox (idempotent by the key derived from the view id). */
  record: () => Promise<{ created: boolean; write: OutboxWrite }>;
  /** The modal's status view with this mrkdwn. */
  statusView: (mrkdwn: string) => ModalView;
  /** e.g. "this payment is already recorded" / "… being recorded". */
  already: (write: OutboxWrite) => string;
  sending: string;
  outcome: (outcome: WriteOutcome) => string;
  /** Runs after recording and before acking, only the first time (e.g. Edit & retry dismisses the write it replaces). */
  onRecorded?: (write: OutboxWrite) => Promise<void>;
}

export async function confirmWrite(services: Services, step: ConfirmStep): Promise<WriteOutcome | undefined> {
  const { created, write } = await step.record();
  if (!created) {
    step.log.info({ writeId: write.id, state: write.state }, 'already recorded for this view; not sending again');
    await step.ack({ response_action: 'update', view: step.statusView(`${step.already(write)}: nothing was sent twice.`) });
    return undefined;
  }
  await step.onRecorded?.(write);
  await step.ack({ response_action: 'update', view: step.statusView(`:hourglass_flowing_sand: ${step.sending}`) });
  const outcome = await runWrite(services, write.id, { from: ['pending'], by: step.by });
  // The person may have closed the modal by now; the channel has the confirmation or alert either way.
  await step.client.views.update({ view_id: step.viewId, view: step.statusView(step.outcome(outcome)) }).catch(() => undefined);
  return outcome;
}
