/**
 * The bodies the sandbox answers with, as Credgenics writes them.
 */
import { SUCCESS_HEADERS } from './model.ts';

/** A parsed API request as the route handlers see it. */
export interface ApiRequest {
  method: string;
  /** URL-decoded path segments, e.g. ["recovery", "loan", "1001"]. */
  segments: string[];
  query: Record<string, string>;
  /** Parsed JSON, the raw text when it was not JSON, or null when there was no body. */
  body: unknown;
}

export interface ApiResponse {
  status: number;
  /** An object is sent as JSON; a string is sent as is. */
  body: unknown;
}

export const AUTH_FAILED_MESSAGE = 'Authentication failed: invalid authenticationtoken or role';

/** `{"output":"Loan added successfully","message":"success","headers":{"Content-Type":"application/json"}}` */
export function success(output: string, status = 200): ApiResponse {
  return { status, body: { output, message: 'success', headers: { ...SUCCESS_HEADERS } } };
}

/** A 400 with the specific problem; validation errors carry `"output": null`, a few documented ones do not. */
export function badRequest(message: string, options: { withOutput?: boolean } = {}): ApiResponse {
  return { status: 400, body: options.withOutput === false ? { message } : { message, output: null } };
}

export function notFound(message = 'Loan not found'): ApiResponse {
  return { status: 404, body: { message, output: null } };
}

export function unauthorized(): ApiResponse {
  return { status: 401, body: { message: AUTH_FAILED_MESSAGE } };
}

export function methodNotAllowed(method: string): ApiResponse {
  return { status: 405, body: { message: `Method ${method} not allowed`, output: null } };
}

export function routeNotFound(): ApiResponse {
  return { status: 404, body: { message: 'Not Found', output: null } };
}

/** What a fault with a status but no body answers: a realistic error body for that status. */
export function faultBody(status: number): unknown {
  switch (status) {
    case 400:
      return { message: 'Bad Request', output: null };
    case 401:
      return { message: AUTH_FAILED_MESSAGE };
    case 403:
      return { message: 'Forbidden' };
    case 404:
      return { message: 'Loan not found', output: null };
    case 409:
      return { message: 'Conflict: the loan is being updated by another request', output: null };
    case 429:
      return { message: 'Too Many Requests' };
    case 502:
      return { message: 'Internal server error' };
    case 503:
      return { message: 'Service Unavailable' };
    case 504:
      return { message: 'Endpoint request timed out' };
    default:
      return status >= 500
        ? { message: 'Internal Server Error', output: null }
        : { message: `Request failed with status ${status}`, output: null };
  }
}
