/**
 * The sandbox's Loan Update endpoint, checked in the order an API gateway and then Apollo would:
 * token (401), x-api-key (403), body and partner_tag (400/403), loan_id (400/404), the 3-day window
 * and the Document Check Pending stage (400), then the body against the loan (400), then 200.
 */
import type { Answer } from '../kit/types.ts';
import { EDIT_WINDOW_MS, formatDmyHm } from './clock.ts';
import { DOCUMENT_CHECK_PENDING, type LoanStore } from './store.ts';
import type { TokenBook } from './tokens.ts';
import { checkUpdateBody } from './update-validation.ts';

export interface UpdateContext {
  store: LoanStore;
  tokens: TokenBook;
  apiKey: string;
  partnerTag: string;
  now: () => number;
  timeZone: string;
}

export interface UpdateRequest {
  method: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
}

const UPDATE_METHODS = ['PATCH', 'POST', 'PUT'];
const message = (status: number, text: string): Answer => ({ status, body: { message: text } });

export function handleUpdate(ctx: UpdateContext, request: UpdateRequest): Answer {
  if (!UPDATE_METHODS.includes(request.method)) return message(405, 'Method Not Allowed');

  const token = ctx.tokens.check(request.headers.authorization);
  if (token === 'missing') return message(401, 'Unauthorized');
  if (token !== 'valid') return message(401, 'The incoming token has expired');
  if (request.headers['x-api-key'] !== ctx.apiKey) return message(403, 'Forbidden');

  const body = request.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return message(400, 'request body should be a JSON object');
  }
  const record = body as Record<string, unknown>;
  if (typeof record.partner_tag !== 'string' || record.partner_tag === '') return message(400, 'provide partner_tag');
  if (record.partner_tag !== ctx.partnerTag) return message(403, 'partner is not allowed to use this API');

  const loanId = request.query.loan_id;
  if (!loanId) return message(400, 'provide loan_id');
  const loan = ctx.store.get(loanId);
  if (!loan) return message(404, 'No such loan exists');

  const closesAt = loan.createdAt + EDIT_WINDOW_MS;
  if (ctx.now() > closesAt) return message(400, `loan cannot be updated after ${formatDmyHm(closesAt, ctx.timeZone)}`);
  if (loan.stage !== DOCUMENT_CHECK_PENDING) {
    const stage = `(current stage: ${loan.stage})`;
    return message(400, `loan is not in Document Check Pending stage ${stage}, so it cannot be updated`);
  }

  const checked = checkUpdateBody(record, loan);
  if (!checked.ok) return message(400, checked.message);
  Object.assign(loan.loanInformation, checked.changes);
  loan.updates += 1;
  return message(200, 'loan updated successfully');
}
