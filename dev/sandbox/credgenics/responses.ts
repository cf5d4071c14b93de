/**
 * The bodies the sandbox answers with, as Credgenics writes them.
 */
import { statusBody } from '../kit/faults.ts';
import type { Answer } from '../kit/types.ts';
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

/** An object body is sent as JSON; a string is sent as is. */
export type ApiResponse = Answer;

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

const FAULT_BODIES: Readonly<Record<number, object>> = {
  400: { message: 'Bad Request', output: null },
  401: { message: AUTH_FAILED_MESSAGE },
  403: { message: 'Forbidden' },
  404: { message: 'Loan not found', output: null },
  409: { message: 'Conflict: the loan is being updated by another request', output: null },
  429: { message: 'Too Many Requests' },
  502: { message: 'Internal server error' },
  503: { message: 'Service Unavailable' },
  504: { message: 'Endpoint request timed out' },
};

/** What a fault with a status but no body answers: a realistic error body for that status. */
export function faultBody(status: number): unknown {
  return statusBody(status, FAULT_BODIES, (other) =>
    other >= 500
      ? { message: 'Internal Server Error', output: null }
      : { message: `Request failed with status ${other}`, output: null },
  );
}
