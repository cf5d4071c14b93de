/**
 * The sandbox Apollo Finvest server: behaves like the documented Loan Update API (and its OAuth2 token
 * endpoint) on 127.0.0.1, for tests, the offline demo shell and `LOANBOT_LENDERS=sandbox`.
 *
 *   const apollo = await startApolloSandbox({ clientId: 'id', clientSecret: 's', apiKey: 'k', partnerTag: 'LOANBOT' });
 *   createApolloClient({ tokenUrl: apollo.tokenUrl, updateUrl: apollo.updateUrl, ... });
 *   apollo.setFault({ match: { path: 'update' }, status: 504, times: 1 });
 *   await apollo.close();
 *
 * Control over HTTP (never recorded, never faulted): see routes-control.ts.
 */
export { startApolloSandbox, TOKEN_PATH, UPDATE_PATH } from './server.ts';
export type {
  ApolloEndpoint,
  ApolloSandbox,
  ApolloSandboxLoan,
  Fault,
  FaultMatch,
  RecordedRequest,
  StartApolloSandboxOptions,
} from './types.ts';
