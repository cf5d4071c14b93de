/**
 * The Credgenics API surface of the sandbox: authentication, then the documented routes.
 */
import {
  methodNotAllowed,
  routeNotFound,
  unauthorized,
  type ApiRequest,
  type ApiResponse,
} from './responses.ts';
import { addLoan, getLoan, updateCreditLineTransaction, updateLoan } from './routes-loans.ts';
import { updatePayment } from './routes-payments.ts';
import type { SandboxStore } from './store.ts';

export interface Credentials {
  authToken: string;
  role: string;
}

export function isAuthorized(headers: Record<string, string>, credentials: Credentials): boolean {
  return headers.authenticationtoken === credentials.authToken && headers.role === credentials.role;
}

/** Answer one API request (headers already lower-cased). */
export function routeApi(
  store: SandboxStore,
  credentials: Credentials,
  request: ApiRequest,
  headers: Record<string, string>,
): ApiResponse {
  if (!isAuthorized(headers, credentials)) return unauthorized();
  const { method, segments } = request;
  const [root, resource, a, b] = segments;
  if (root !== 'recovery') return routeNotFound();

  if (resource === 'loan' && segments.length === 3 && a !== undefined && a !== '') {
    if (method === 'GET') return getLoan(store, a);
    if (method === 'POST') return addLoan(store, a, request);
    if (method === 'PATCH') return updateLoan(store, a, request);
    return methodNotAllowed(method);
  }
  if (resource === 'transaction' && segments.length === 4 && a && b) {
    if (method === 'PATCH') return updateCreditLineTransaction(store, a, b, request);
    return methodNotAllowed(method);
  }
  if (resource === 'recovery' && a === 'update' && segments.length === 4 && b) {
    if (method === 'PATCH') return updatePayment(store, b, request);
    return methodNotAllowed(method);
  }
  return routeNotFound();
}
