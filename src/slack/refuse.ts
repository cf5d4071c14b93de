/**
 * Saying no: ephemeral for commands and buttons, a "Not allowed" modal for submissions; every refusal is
 * audited and logged.
 */
import type { AllMiddlewareArgs, AnyMiddlewareArgs } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import type { Services } from '../services.ts';
import { recordRefusal } from '../usecases/access.ts';
import type { Entry } from './entry.ts';

export type RefuseDeps = Pick<Services, 'store' | 'logger'>;

function refusalView(text: string): ModalView {
  return {
    type: 'modal',
    title: { type: 'plain_text', text: 'Not allowed' },
    close: { type: 'plain_text', text: 'Close' },
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }],
  };
}

type Args = AnyMiddlewareArgs & AllMiddlewareArgs;

export async function refuse(services: RefuseDeps, args: Args, entry: Entry, outcome: string, text: string): Promise<void> {
  await recordRefusal(services, { user: entry.user, loanId: entry.loanId, what: entry.what, outcome });
  services.logger.warn({ user: entry.user, what: entry.what, outcome }, 'refused');
  const a = args as unknown as { ack?: (response?: unknown) => Promise<void>; respond?: (m: unknown) => Promise<unknown>; client: AllMiddlewareArgs['client'] };
  const message = `:no_entry: ${text}`;
  // The listener may have acked already (a button acks first); a second ack is an error Bolt throws.
  const ack = async (response?: unknown) => {
    try {
      await a.ack?.(response);
    } catch {
      // already acked
    }
  };
  if (entry.kind === 'command') {
    await ack({ response_type: 'ephemeral', text: message });
  } else if (entry.kind === 'view_submission') {
    await ack({ response_action: 'update', view: refusalView(message) });
  } else {
    await ack();
    if (!entry.user || entry.kind !== 'action') return;
    if (a.respond && (args.body as { response_url?: string }).response_url) {
      await a.respond({ response_type: 'ephemeral', replace_original: false, text: message });
    } else if (entry.channel) {
      await a.client.chat.postEphemeral({ channel: entry.channel, user: entry.user, text: message }).catch(() => undefined);
    }
  }
}
