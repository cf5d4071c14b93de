/**
 * got's errors → the LenderError family, for both Apollo calls. The `cause` kept on a LenderError is a
 * plain Error with got's name, code and message only: got's own error carries the request options,
 * and with them the Basic credentials, the Bearer token and the x-api-key.
 */
import { CancelError, HTTPError, RequestError, TimeoutError } from 'got';
import { MAX_LENDER_RESPONSE_BYTES } from '../response-size.ts';
import {
  LenderError,
  LenderNetworkError,
  LenderResponseTooLargeError,
  LenderTimeoutError,
  LenderUnauthorizedError,
  extractLenderMessage,
  lenderErrorFromStatus,
} from '../errors.ts';

export type ApolloOperation = 'get_token' | 'update_loan';

function safeCause(error: unknown): Error {
  if (error instanceof RequestError) {
    const cause = new Error(error.message);
    cause.name = error.name;
    (cause as Error & { code?: string }).code = error.code;
    return cause;
  }
  return new Error(error instanceof Error ? error.message : String(error));
}

export function mapApolloError(operation: ApolloOperation, error: unknown, timeoutMs: number): LenderError {
  if (error instanceof LenderError) return error;
  const cause = safeCause(error);
  // Only limitResponseSize cancels a request.
  if (error instanceof CancelError) return new LenderResponseTooLargeError({ lender: 'apollo', operation, limitBytes: MAX_LENDER_RESPONSE_BYTES, cause });
  if (error instanceof HTTPError) {
    const status = error.response.statusCode;
    const body: unknown = error.response.body;
    // The token endpoint refusing us, with 401 or 403, means the client id/secret were refused.
    if (operation === 'get_token' && status === 403) {
      const lenderMessage = extractLenderMessage(body);
      return new LenderUnauthorizedError({ lender: 'apollo', operation, status, lenderMessage, cause });
    }
    return lenderErrorFromStatus('apollo', operation, status, body, cause);
  }
  if (error instanceof TimeoutError) return new LenderTimeoutError({ lender: 'apollo', operation, timeoutMs, cause });
  return new LenderNetworkError({ lender: 'apollo', operation, cause });
}
