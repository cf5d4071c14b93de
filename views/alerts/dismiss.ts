/**
 * Dismiss on an alert: a modal asks why (for the audit trail), and its submission dismisses the write.
 */
import type { ModalView } from '@slack/types';
import { z } from 'zod';
import type { Services } from '../../src/services.ts';
import type { ButtonListener, SubmitListener } from '../../src/slack/listeners.ts';
import { readMetadata } from '../../src/slack/metadata.ts';
import { dismissable, dismissWrite } from '../../src/usecases/dismiss-write.ts';
import { escapeMrkdwn, section } from '../shared/blocks.ts';
import { inputBlock, modalView, textElement } from '../shared/modal-parts.ts';
import { readViewValues } from '../shared/view-values.ts';
import { tellPresser } from './tell-presser.ts';

export const DISMISS_CALLBACK = 'alert_dismiss_reason';

/** The dismiss modal's metadata: the write's id, nothing else. */
const dismissMetadataSchema = z.object({ writeId: z.string().max(100) });

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

/** *Dismiss*: the reason modal, for a write nothing is sending. */
export function dismissButton(deps: Services): ButtonListener {
  return async ({ ack, body, action, client }) => {
    await ack();
    const found = await dismissable(deps, action.value ?? '');
    if (found.kind !== 'dismissable') {
      await tellPresser(client, body, found.kind === 'settled' ? `That write is already ${found.state}.` : 'loanbot has no record of that write.');
      return;
    }
    await client.views.open({ trigger_id: body.trigger_id, view: dismissView(found.writeId, found.loanId) });
  };
}

/** The reason given: the write is dismissed and its alert updated. */
export function dismissWithReason(deps: Services): SubmitListener {
  return async ({ ack, view, body }) => {
    const { writeId } = readMetadata(view.private_metadata, dismissMetadataSchema);
    const reason = (readViewValues(view, ['reason']).reason ?? '').trim();
    if (!reason) {
      await ack({ response_action: 'errors', errors: { reason: 'Say why, for the audit trail' } });
      return;
    }
    await ack();
    await dismissWrite(deps, writeId, body.user.id, reason);
  };
}
