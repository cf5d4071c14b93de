/**
 * The sandbox Credgenics server: behaves like the documented Credgenics recovery API on
 * 127.0.0.1, for tests, the offline demo shell and `LOANBOT_LENDERS=sandbox`.
 *
 *   const sandbox = await startCredgenicsSandbox({ authToken: 't', role: 'r' });
 *   await fetch(`${sandbox.url}/recovery/loan/1001`, { headers: { authenticationtoken: 't', role: 'r' } });
 *   sandbox.setFault({ match: { method: 'PATCH' }, status: 503, times: 1 });
 *   await sandbox.close();
 */
export { startCredgenicsSandbox } from './server.ts';
export type {
  AppliedPayment,
  CredgenicsSandbox,
  Fault,
  FaultMatch,
  LoanKind,
  RecordedRequest,
  SandboxLoanSummary,
  StartCredgenicsSandboxOptions,
} from './types.ts';
