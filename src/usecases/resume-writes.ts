/**
 * At start: writes a crash left `pending` or `sending` are settled — payments are reconciled against
 * the loan (confirmed when they reached Credgenics, alerted otherwise), other writes are alerted with
 * Retry, since only a person can tell whether to send them again. Failed writes whose alert was never
 * posted (a crash during automatic retries) get their alert now.
 */
import { LenderNetworkError } from '../lenders/errors.ts';
import { reconcileWrite } from './reconcile-write.ts';
import { confirm, fail, type WriteDeps } from './run-write.ts';
import { isWriteRequest } from './write-requests.ts';

export async function resumeUnfinishedWrites(deps: WriteDeps): Promise<{ confirmed: number; alerted: number }> {
  let confirmed = 0;
  let alerted = 0;
  for (const write of await deps.store.outbox.listUnfinished()) {
    const request = isWriteRequest(write.request) ? write.request : undefined;
    if (write.state === 'sending' && request) {
      const check = await reconcileWrite(deps, write, request);
      if (check === 'applied') {
        await confirm(deps, write, { answer: 'applied before loanbot restarted (found by reconciliation)' }, write.requestedBy, true);
        confirmed += 1;
        continue;
      }
    }
    const why =
      write.state === 'pending'
        ? 'loanbot restarted before sending this; nothing reached the lender'
        : 'loanbot restarted before the lender answered; check the loan before retrying';
    await fail(deps, write, new LenderNetworkError({ lender: write.lender, operation: write.operation, lenderMessage: why }), write.requestedBy);
    alerted += 1;
  }
  for (const write of await deps.store.outbox.listFailed({ limit: 200 })) {
    if (write.alerts.length === 0) {
      await deps.notifier.failed(write, new LenderNetworkError({ lender: write.lender, operation: write.operation, lenderMessage: write.lenderMessage ?? undefined }), { by: write.requestedBy });
      alerted += 1;
    }
  }
  if (confirmed + alerted > 0) deps.logger.warn({ confirmed, alerted }, 'settled writes left unfinished by the last run');
  return { confirmed, alerted };
}
