/**
 * Add loan: `/loan add` opens the form at once (nothing to fetch). The credit-line choice re-renders it;
 * More details… pushes page 2, whose Save writes back into page 1 and closes page 2 only. The form is
 * checked inline, a review step shows the loan (PII masked, money in ₹), and Confirm records the
 * Add Loan exactly once before sending it.
 */
import { z } from 'zod';
import { readMetadata } from '../../src/slack/metadata.ts';
import { needs } from '../../src/slack/listener-roles.ts';
import type { App, BlockAction, BlockButtonAction, RadioButtonsAction, ViewSubmitAction } from '@slack/bolt';
import { ADD_LOAN_LABELS, MORE_FIELDS, PAGE_ONE_FIELDS, validateAddLoan, validateMoreDetails, type AddLoanErrors, type AddLoanField, type AddLoanInput } from '../../src/domain/add-loan.ts';
import { todayIn } from '../../src/domain/dates.ts';
import type { LoanKind } from '../../src/domain/loan.ts';
import { formatInr } from '../../src/domain/money.ts';
import type { Services } from '../../src/services.ts';
import { recordAddLoan } from '../../src/usecases/add-loan.ts';
import { checkReplaceable } from '../../src/usecases/replace-write.ts';
import type { SubcommandHandler } from '../../commands/loan.ts';
import { requestLogger } from '../../src/slack/request-logger.ts';
import { confirmWrite } from '../shared/confirm-write.ts';
import {
  ADD_LOAN_ACTIONS, ADD_LOAN_CALLBACKS, addLoanFormView, addLoanMoreView, addLoanReviewView, addLoanStatusView, packValues, unpackValues,
  type AddLoanState,
} from './modal.ts';
import { escapeMrkdwn } from '../shared/blocks.ts';
import { readViewValues, type ViewWithState } from '../shared/view-values.ts';
import { dismissWhenRecorded, replaceRefusal, replacesSchema } from '../shared/replace-step.ts';

export const addCommand =
  (services: Services): SubcommandHandler =>
  async (args) => {
    await args.ack();
    const view = addLoanFormView({ channelId: args.command.channel_id, kind: 'lending', v: [] });
    await args.client.views.open({ trigger_id: args.command.trigger_id, view }).catch((error: unknown) => {
      requestLogger(services.logger, args.body, args.context).warn({ err: error }, 'could not open the Add loan modal');
    });
  };

const addLoanStateSchema = z.object({
  channelId: z.string().min(1).max(64),
  kind: z.enum(['lending', 'credit_line']),
  v: z.array(z.string().max(500)).max(100),
  rootViewId: z.string().max(64).optional(),
  replaces: replacesSchema,
});

function stateOf(privateMetadata: string): AddLoanState {
  return readMetadata(privateMetadata, addLoanStateSchema);
}

/** The state with what the view currently shows: typed values win (an emptied input is empty); inputs not shown keep theirs. */
function withTyped(state: AddLoanState, view: ViewWithState, fields: readonly AddLoanField[]): AddLoanState {
  const shown = view.state?.values ?? {};
  const typed = readViewValues(view, [...fields, ADD_LOAN_ACTIONS.kind]);
  const values: AddLoanInput = unpackValues(state.v);
  for (const field of fields) if (shown[field]) values[field] = typed[field];
  const picked = typed[ADD_LOAN_ACTIONS.kind];
  const kind: LoanKind = picked === 'credit_line' || picked === 'lending' ? picked : state.kind;
  return { channelId: state.channelId, kind, v: packValues(values), rootViewId: state.rootViewId, replaces: state.replaces };
}

/** Errors on page 1's blocks. Page 2's values were checked when saved; should one fail now, say so on the first block. */
function pageOneErrors(errors: AddLoanErrors, kind: LoanKind): Record<string, string> {
  const out: Record<string, string> = {};
  for (const field of PAGE_ONE_FIELDS) {
    const message = errors[field];
    if (message && (field !== 'client_customer_id' || kind === 'credit_line')) out[field] = message;
  }
  const more = MORE_FIELDS.flatMap((f) => (errors[f] ? [`${ADD_LOAN_LABELS[f]}: ${errors[f]}`] : []));
  if (more.length > 0) out['loan_id'] = `More details… needs a fix (${more.join('; ')})`;
  return out;
}

export function registerAddLoanModal(app: App, services: Services): void {
  const today = () => todayIn(services.now(), services.config.timeZone);

  app.action<BlockAction<RadioButtonsAction>>(ADD_LOAN_ACTIONS.kind, needs(app).action(ADD_LOAN_ACTIONS.kind, 'supervisor'), async ({ ack, body, client }) => {
    await ack();
    if (!body.view) return;
    const state = withTyped(stateOf(body.view.private_metadata), body.view as ViewWithState, PAGE_ONE_FIELDS);
    await client.views.update({ view_id: body.view.id, hash: body.view.hash, view: addLoanFormView(state) }).catch((error: unknown) => {
      services.logger.warn({ err: error }, 'could not switch the Add loan form between lending and credit line');
    });
  });

  app.action<BlockButtonAction>(ADD_LOAN_ACTIONS.more, needs(app).action(ADD_LOAN_ACTIONS.more, 'supervisor'), async ({ ack, body, client }) => {
    await ack();
    if (!body.view) return;
    const state = withTyped(stateOf(body.view.private_metadata), body.view as ViewWithState, PAGE_ONE_FIELDS);
    await client.views.push({ trigger_id: body.trigger_id, view: addLoanMoreView({ ...state, rootViewId: body.view.id }) });
  });

  app.view(ADD_LOAN_CALLBACKS.more, needs(app).view(ADD_LOAN_CALLBACKS.more, 'supervisor'), async ({ ack, view, body, client, context }) => {
    const state = withTyped(stateOf(view.private_metadata), view as ViewWithState, MORE_FIELDS);
    const errors = validateMoreDetails(unpackValues(state.v), today());
    if (Object.keys(errors).length > 0) {
      await ack({ response_action: 'errors', errors: errors as Record<string, string> });
      return;
    }
    // Page 1 keeps the saved values in its private_metadata (re-rendered with the same block ids, so
    // what was typed there stays); then an empty ack closes this page only.
    const rootViewId = state.rootViewId ?? view.previous_view_id ?? view.root_view_id;
    try {
      if (!rootViewId) throw new Error('no page 1 to save to');
      await client.views.update({ view_id: rootViewId, view: addLoanFormView({ ...state, rootViewId: undefined }) });
    } catch (error) {
      requestLogger(services.logger, body, context).warn({ err: error }, 'could not save the Add loan details to page 1');
      await ack({ response_action: 'errors', errors: { [MORE_FIELDS[0]]: 'Could not save these details to the form: press Save again' } });
      return;
    }
    await ack();
  });

  app.view(ADD_LOAN_CALLBACKS.form, needs(app).view(ADD_LOAN_CALLBACKS.form, 'supervisor'), async ({ ack, view, body, context }) => {
    const state = withTyped(stateOf(view.private_metadata), view as ViewWithState, PAGE_ONE_FIELDS);
    const checked = validateAddLoan(unpackValues(state.v), state.kind, today());
    if (!checked.ok) {
      await ack({ response_action: 'errors', errors: pageOneErrors(checked.errors, state.kind) });
      return;
    }
    if (state.replaces) {
      // Said here, on the field, rather than after Confirm: an Edit & retry adds the loan id it corrects.
      const check = await checkReplaceable(services, state.replaces, { operation: 'add_loan', loanId: checked.draft.loanId, by: body.user.id });
      if (!check.ok) {
        await ack({ response_action: 'errors', errors: { loan_id: `Not as an Edit & retry: ${check.reason}. To add another loan id, close this and use /loan add` } });
        return;
      }
    }
    requestLogger(services.logger, body, context).info({ loanId: checked.draft.loanId, kind: state.kind }, 'add loan reviewed');
    await ack({ response_action: 'update', view: addLoanReviewView(state, checked.draft) });
  });

  app.action<BlockButtonAction>(ADD_LOAN_ACTIONS.edit, needs(app).action(ADD_LOAN_ACTIONS.edit, 'supervisor'), async ({ ack, body, client }) => {
    await ack();
    if (!body.view) return;
    await client.views.update({ view_id: body.view.id, hash: body.view.hash, view: addLoanFormView(stateOf(body.view.private_metadata)) });
  });

  app.view<ViewSubmitAction>(ADD_LOAN_CALLBACKS.review, needs(app).view(ADD_LOAN_CALLBACKS.review, 'supervisor'), async ({ ack, view, body, client, context }) => {
    const log = requestLogger(services.logger, body, context);
    const state = stateOf(view.private_metadata);
    const checked = validateAddLoan(unpackValues(state.v), state.kind, today());
    if (!checked.ok) {
      await ack({ response_action: 'update', view: addLoanFormView(state) });
      return;
    }
    const { draft } = checked;
    const by = body.user.id;
    const replacement = { operation: 'add_loan' as const, loanId: draft.loanId, by };
    const refusal = await replaceRefusal(services, log, state.replaces, replacement, 'This loan');
    if (refusal) {
      await ack({ response_action: 'update', view: addLoanStatusView(state.channelId, refusal) });
      return;
    }
    await confirmWrite({
      ack,
      log,
      record: () => recordAddLoan(services, { draft, place: { channelId: state.channelId, viewId: view.id }, by, key: `add_loan:${view.id}` }),
      statusView: (text) => addLoanStatusView(state.channelId, text),
      already: (write) => `Loan *${escapeMrkdwn(draft.loanId)}* is already ${write.state === 'confirmed' ? 'added' : 'being added'}`,
      onRecorded: dismissWhenRecorded(services, state.replaces, replacement),
      sending: `Adding loan *${escapeMrkdwn(draft.loanId)}* (${formatInr(draft.totalLoanAmount)}) to Credgenics…`,
    });
  });
}
