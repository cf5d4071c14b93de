/**
 * `/loan bulk`: the Bulk payments modal (views/bulk/).
 */
import type { Subcommand } from '../src/slack/listeners.ts';
import { bulkFormView } from '../views/bulk/modal.ts';

export function bulkCommand(): Subcommand {
  return async (args) => {
    await args.ack();
    await args.client.views.open({ trigger_id: args.command.trigger_id, view: bulkFormView(args.command.channel_id) });
  };
}
