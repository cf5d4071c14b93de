/**
 * What faults mean for the Apollo sandbox: `match.path` names an endpoint ('token' or 'update'),
 * and a fault with a status but no body answers an Apollo-like body. The fault mechanics
 * themselves are in kit/faults.ts.
 */
import { z } from 'zod';
import { faultJsonSchema, parseFaultJson, statusBody } from '../kit/faults.ts';
import type { Checked } from '../kit/types.ts';
import type { ApolloEndpoint, Fault } from './types.ts';

/** Throws a TypeError for a `match.path` that is not an endpoint. */
export function checkEndpoint(path: ApolloEndpoint): void {
  if (path !== 'token' && path !== 'update') {
    throw new TypeError(`Fault match.path must be 'token' or 'update', got ${String(path)}`);
  }
}

const httpFaultSchema = faultJsonSchema(
  z.strictObject({ path: z.enum(['token', 'update']).optional(), method: z.string().optional() }),
);

/** A Fault from the JSON of `POST /__sandbox/faults`. */
export function faultFromJson(body: unknown): Checked<Fault> {
  return parseFaultJson(httpFaultSchema, body);
}

const FAULT_BODIES: Readonly<Record<number, object>> = {
  400: { message: 'Invalid Request' },
  401: { message: 'The incoming token has expired' },
  403: { message: 'Forbidden' },
  404: { message: 'No such loan exists' },
  429: { message: 'Too Many Requests' },
  500: { message: 'Internal server error' },
  502: { message: 'Bad Gateway' },
  503: { message: 'Service Unavailable' },
  504: { message: 'Endpoint request timed out' },
};

/** What a fault with a status but no body answers: Apollo-like bodies. */
export function faultBody(status: number, endpoint: ApolloEndpoint | 'other'): unknown {
  if (endpoint === 'token' && status === 401) return { error: 'invalid_client' };
  if (endpoint === 'token' && status === 400) return { error: 'invalid_request' };
  return statusBody(status, FAULT_BODIES, (other) => ({
    message: other >= 500 ? 'Internal server error' : `Request failed with status ${other}`,
  }));
}
