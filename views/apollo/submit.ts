/**
 * Update in Apollo's steps: the loan type re-renders the form, the rules are checked inline, a review shows
 * the exact body, Edit goes back, and Confirm records the update exactly once before it is sent
 * (src/usecases/update-in-apollo.ts). Failures are explained in an agent's words in the modal (and in the
 * channel's alert).
 */
import type { ApolloInput } from '../../src/domain/apollo-rules.ts';
import type { Services } from '../../src/services.ts';
import type { ButtonListener, SelectListener, SubmitListener } from '../../src/slack/listeners.ts';
import { readMetadata } from '../../src/slack/metadata.ts';
import { requestLogger } from '../../src/slack/request-logger.ts';
import { checkApolloUpdate, confirmApolloUpdate, firstDateGapDays } from '../../src/usecases/update-in-apollo.ts';
import { escapeMrkdwn } from '../shared/blocks.ts';
import { ackConfirmation } from '../shared/confirm-write.ts';
import { backToForm } from '../shared/review-edit.ts';
import { readViewValues, type ViewWithState } from '../shared/view-values.ts';
import { APOLLO_NOT_CONFIGURED } from '../words/apollo.ts';
import { apolloOriginSchema, apolloReviewSchema } from './metadata.ts';
import { APOLLO_FIELDS, apolloFormView, apolloReviewView, apolloStatusView, type ApolloOrigin, type ApolloReviewState } from './modal.ts';

function formInput(view: ViewWithState): ApolloInput {
  return readViewValues(view, APOLLO_FIELDS);
}

function inputBlockIds(blocks: ReadonlyArray<{ type: string; block_id?: string }>): Set<string> {
  return new Set(blocks.flatMap((b) => (b.type === 'input' && b.block_id ? [b.block_id] : [])));
}

/** The rules with this installation's partner tag; Apollo not configured reads as an error on the loan type. */
function check(deps: Services, input: ApolloInput) {
  const checked = checkApolloUpdate(deps, input);
  return 'notConfigured' in checked ? { ok: false as const, errors: { loan_type: APOLLO_NOT_CONFIGURED } } : checked;
}

/** Another loan type picked: the form again, for that type (fields that stay keep their values). */
export function pickLoanType(deps: Services): SelectListener {
  return async ({ ack, body, action, client }) => {
    await ack();
    if (!body.view) return;
    const origin: ApolloOrigin = readMetadata(body.view.private_metadata, apolloOriginSchema);
    const input: ApolloInput = { ...formInput(body.view as ViewWithState), loan_type: action.selected_option.value };
    await client.views.update({ view_id: body.view.id, hash: body.view.hash, view: apolloFormView(origin, input) }).catch((error: unknown) => {
      deps.logger.warn({ err: error, loanId: origin.loanId }, 'could not show the form for the picked loan type');
    });
  };
}

/** The form submitted: checked inline, then the review with the exact body. */
export function reviewApolloUpdate(deps: Services): SubmitListener {
  return async ({ ack, view, body, context }) => {
    const origin: ApolloOrigin = readMetadata(view.private_metadata, apolloOriginSchema);
    const input = formInput(view);
    const checked = check(deps, input);
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
    requestLogger(deps.logger, body, context).info({ loanId: origin.loanId, loanType: checked.body.loan_type }, 'apollo update reviewed');
    await ack({ response_action: 'update', view: apolloReviewView({ form: origin, input }, checked.body, firstDateGapDays(checked.body)) });
  };
}

/** *Edit* on the review: the form again, with what was typed. */
export function editApolloUpdate(): ButtonListener {
  return backToForm(apolloReviewSchema, (state: ApolloReviewState) => apolloFormView(state.form, state.input));
}

/** Confirm on the review: the rules once more, then recorded once. */
export function confirmApolloReview(deps: Services): SubmitListener {
  return async ({ ack, view, body, context }) => {
    const log = requestLogger(deps.logger, body, context);
    const state: ApolloReviewState = readMetadata(view.private_metadata, apolloReviewSchema);
    const origin = state.form;
    const checked = check(deps, state.input);
    if (!checked.ok) {
      await ack({ response_action: 'update', view: apolloFormView(origin, state.input) });
      return;
    }
    const result = await confirmApolloUpdate(deps, { loanId: origin.loanId, body: checked.body, place: { ...origin, viewId: view.id }, by: body.user.id, key: `apollo:${view.id}`, replaces: origin.replaces });
    await ackConfirmation(result, {
      ack,
      log,
      statusView: (text) => apolloStatusView(origin, text),
      already: (write) => `This update is already ${write.state === 'confirmed' ? 'done' : 'being sent'}`,
      sending: `Sending the update of loan *${escapeMrkdwn(origin.loanId)}* to Apollo…`,
      noun: 'This update',
      replaces: origin.replaces,
    });
  };
}
