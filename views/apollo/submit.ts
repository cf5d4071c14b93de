/**
 * Update in Apollo: the summary's button and `/loan apollo <id>` open the form at once (Apollo has no
 * Get, so there is nothing to load from the lender), the loan type re-renders the form, the rules are
 * checked inline, a review shows the exact body, and Confirm records the update exactly once before
 * sending it. Failures are explained in an agent's words in the modal (and in the channel's alert).
 */
import { z } from 'zod';
import { readMetadata } from '../../src/slack/metadata.ts';
import { needs } from '../../src/slack/listener-roles.ts';
import type { AllMiddlewareArgs, App, BlockButtonAction, BlockStaticSelectAction, SlackActionMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { ApolloInput } from '../../src/domain/apollo-rules.ts';
import { stampIn } from '../../src/domain/dates.ts';
import type { Services } from '../../src/services.ts';
import {
  APOLLO_NOT_CONFIGURED,
  apolloPartnerTag,
  checkApolloUpdate,
  firstDateGapDays,
  inputFromBody,
  lastApolloUpdate,
  recordApolloUpdate,
} from '../../src/usecases/update-in-apollo.ts';
import type { SubcommandHandler } from '../../commands/loan.ts';
import { requestLogger } from '../../src/slack/request-logger.ts';
import { confirmWrite } from '../shared/confirm-write.ts';
import {
  APOLLO_ACTIONS,
  APOLLO_CALLBACKS,
  APOLLO_FIELDS,
  apolloFormView,
  apolloReviewView,
  apolloStatusView,
  type ApolloOrigin,
  type ApolloReviewState,
} from './modal.ts';
import { escapeMrkdwn } from '../shared/blocks.ts';
import { SUMMARY_ACTIONS, summaryButtonOrigin } from '../loan/summary.ts';
import { tellCaller } from '../shared/post-message.ts';
import { readViewValues, type ViewWithState } from '../shared/view-values.ts';
import { dismissWhenRecorded, replaceRefusal, replacesSchema } from '../shared/replace-step.ts';

/** Open the form now, starting from loanbot's last update Apollo accepted for this loan (a local read). */

const apolloOriginSchema = z.object({
  loanId: z.string().min(1).max(64),
  channelId: z.string().min(1).max(64),
  threadTs: z.string().max(32).optional(),
  sourceTs: z.string().max(32).optional(),
  prefilledFrom: z.string().max(100).optional(),
  replaces: replacesSchema,
});
const apolloReviewSchema = z.object({
  form: apolloOriginSchema,
  input: z.partialRecord(
    z.enum(['loan_type', 'disbursement_date', 'first_date', 'loan_tenure_in_days', 'previous_tenure_in_days', 'partner_computed_emi_amount', 'partner_computed_interest_amount']),
    z.string().max(100),
  ),
});
export async function openApolloModal(services: Services, client: WebClient, triggerId: string, origin: ApolloOrigin, initial?: ApolloInput): Promise<void> {
  if (initial) {
    await client.views.open({ trigger_id: triggerId, view: apolloFormView(origin, initial) });
    return;
  }
  const last = await lastApolloUpdate(services, origin.loanId).catch(() => undefined);
  const from = last ? `${last.write.id} on ${stampIn(new Date(last.write.confirmedAt ?? last.write.updatedAt), services.config.timeZone)}` : undefined;
  const view = apolloFormView({ ...origin, prefilledFrom: from }, last ? inputFromBody(last.body) : {});
  await client.views.open({ trigger_id: triggerId, view });
}

export const apolloCommand =
  (services: Services): SubcommandHandler =>
  async (args, loanId) => {
    if (!apolloPartnerTag(services)) {
      await args.ack({ response_type: 'ephemeral', text: `:warning: ${APOLLO_NOT_CONFIGURED}` });
      return;
    }
    await args.ack();
    if (!loanId) return;
    await openApolloModal(services, args.client, args.command.trigger_id, { loanId, channelId: args.command.channel_id });
  };

function formInput(view: ViewWithState): ApolloInput {
  return readViewValues(view, APOLLO_FIELDS);
}

function inputBlockIds(blocks: ReadonlyArray<{ type: string; block_id?: string }>): Set<string> {
  return new Set(blocks.flatMap((b) => (b.type === 'input' && b.block_id ? [b.block_id] : [])));
}

export function registerApolloModal(app: App, services: Services): void {
  app.action<BlockButtonAction>(SUMMARY_ACTIONS.updateInApollo, needs(app).action(SUMMARY_ACTIONS.updateInApollo, 'supervisor'), async ({ ack, body, action, client, respond }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
    await ack();
    if (!apolloPartnerTag(services)) {
      await tellCaller(respond, { text: `:warning: ${APOLLO_NOT_CONFIGURED}` });
      return;
    }
    await openApolloModal(services, client, body.trigger_id, summaryButtonOrigin(body, action.value ?? ''));
  });

  // Another loan type picked: the form again, for that type (fields that stay keep their values).
  app.action<BlockStaticSelectAction>(APOLLO_ACTIONS.loanType, needs(app).action(APOLLO_ACTIONS.loanType, 'supervisor'), async ({ ack, body, action, client }) => {
    await ack();
    if (!body.view) return;
    const origin: ApolloOrigin = readMetadata(body.view.private_metadata, apolloOriginSchema);
    const input: ApolloInput = { ...formInput(body.view as ViewWithState), loan_type: action.selected_option.value };
    await client.views.update({ view_id: body.view.id, hash: body.view.hash, view: apolloFormView(origin, input) }).catch((error: unknown) => {
      services.logger.warn({ err: error, loanId: origin.loanId }, 'could not show the form for the picked loan type');
    });
  });

  app.view<ViewSubmitAction>(APOLLO_CALLBACKS.form, needs(app).view(APOLLO_CALLBACKS.form, 'supervisor'), async ({ ack, view, body, context }) => {
    const origin: ApolloOrigin = readMetadata(view.private_metadata, apolloOriginSchema);
    const input = formInput(view);
    const checked = checkApolloUpdate(services, input);
    if (!checked.ok) {
      const errors = Object.fromEntries(Object.entries(checked.errors).filter(([, message]) => message));
      const present = inputBlockIds(view.blocks);
      // The form has not caught up with a just-picked loan type: show that type's fields first.
      if (Object.keys(errors).some((blockId) => !present.has(blockId))) {
        await ack({ response_action: 'update', view: apolloFormView(origin, input) });
        return;
      }
      await ack({ response_action: 'errors', errors });
      return;
    }
    requestLogger(services.logger, body, context).info({ loanId: origin.loanId, loanType: checked.body.loan_type }, 'apollo update reviewed');
    await ack({ response_action: 'update', view: apolloReviewView({ form: origin, input }, checked.body, firstDateGapDays(checked.body)) });
  });

  app.action<BlockButtonAction>(APOLLO_ACTIONS.edit, needs(app).action(APOLLO_ACTIONS.edit, 'supervisor'), async ({ ack, body, client }) => {
    await ack();
    if (!body.view) return;
    const state: ApolloReviewState = readMetadata(body.view.private_metadata, apolloReviewSchema);
    await client.views.update({ view_id: body.view.id, hash: body.view.hash, view: apolloFormView(state.form, state.input) });
  });

  app.view<ViewSubmitAction>(APOLLO_CALLBACKS.review, needs(app).view(APOLLO_CALLBACKS.review, 'supervisor'), async ({ ack, view, body, client, context }) => {
    const log = requestLogger(services.logger, body, context);
    const state: ApolloReviewState = readMetadata(view.private_metadata, apolloReviewSchema);
    const origin = state.form;
    const checked = checkApolloUpdate(services, state.input);
    if (!checked.ok) {
      await ack({ response_action: 'update', view: apolloFormView(origin, state.input) });
      return;
    }
    const by = body.user.id;
    const loan = `loan *${escapeMrkdwn(origin.loanId)}*`;
    const replacement = { operation: 'apollo_update' as const, loanId: origin.loanId, by };
    const refusal = await replaceRefusal(services, log, origin.replaces, replacement, 'This update');
    if (refusal) {
      await ack({ response_action: 'update', view: apolloStatusView(origin, refusal) });
      return;
    }
    await confirmWrite({
      ack,
      log,
      record: () => recordApolloUpdate(services, { loanId: origin.loanId, body: checked.body, place: { ...origin, viewId: view.id }, by, key: `apollo:${view.id}` }),
      statusView: (text) => apolloStatusView(origin, text),
      already: (write) => `This update is already ${write.state === 'confirmed' ? 'done' : 'being sent'}`,
      onRecorded: dismissWhenRecorded(services, origin.replaces, replacement),
      sending: `Sending the update of ${loan} to Apollo…`,
    });
  });
}
