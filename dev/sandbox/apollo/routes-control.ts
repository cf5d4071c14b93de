/**
 * Black-box control of the sandbox over HTTP (no authentication, never recorded, never faulted):
 *   POST   /__sandbox/faults       add a fault (JSON Fault; match.path 'token' or 'update')
 *   GET    /__sandbox/faults       the active faults
 *   DELETE /__sandbox/faults       clear faults
 *   GET    /__sandbox/requests     recorded API requests
 *   POST   /__sandbox/reset        back to the seed, no faults, requests cleared
 *   GET    /__sandbox/loans        [{loanId, line}]
 *   GET    /__sandbox/loans/{id}   one loan, or 404
 * The first five are kit/control.ts; the loan endpoints are Apollo's own.
 */
import { controlProblem, type ControlExtras } from '../kit/control.ts';
import type { LoanStore } from './store.ts';

export function controlExtras(store: LoanStore): ControlExtras {
  return (route, arg) => {
    if (route === 'GET loans') return { status: 200, body: store.summaries() };
    if (route !== 'GET loans/:id') return undefined;
    const loan = store.view(arg);
    return loan ? { status: 200, body: loan } : controlProblem(404, 'No such loan exists');
  };
}
