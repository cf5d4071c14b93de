/**
 * Black-box control of the sandbox over HTTP (no authentication, never recorded, never
 * faulted):
 *   POST   /__sandbox/faults          add a fault (JSON Fault; match.path a string, match.pathPattern a regex source)
 *   GET    /__sandbox/faults          the active faults
 *   DELETE /__sandbox/faults          clear faults
 *   GET    /__sandbox/requests        recorded API requests
 *   POST   /__sandbox/reset           back to the seed, no faults, requests cleared
 *   GET    /__sandbox/loans           [{loanId, kind, line}]
 *   GET    /__sandbox/payments/{id}   payments applied to a loan
 */
import { faultFromJson, type FaultBook } from './faults.ts';
import type { ApiResponse } from './responses.ts';
import type { CredgenicsSandbox } from './types.ts';

export const CONTROL_PREFIX = '/__sandbox/';

const ok = (body: unknown, status = 200): ApiResponse => ({ status, body });
const problem = (status: number, message: string): ApiResponse => ({ status, body: { message } });

export function routeControl(
  sandbox: CredgenicsSandbox,
  faults: FaultBook,
  method: string,
  segments: string[],
  body: unknown,
): ApiResponse {
  const [, name, arg] = segments;
  const route = `${method} ${name ?? ''}${arg === undefined ? '' : '/:id'}`;
  switch (route) {
    case 'POST faults': {
      const fault = faultFromJson(body);
      if (!fault.ok) return problem(400, fault.message);
      faults.add(fault.value);
      return ok({ ok: true, faults: faults.describe() }, 201);
    }
    case 'GET faults':
      return ok(faults.describe());
    case 'DELETE faults':
      faults.clear();
      return ok({ ok: true });
    case 'GET requests':
      return ok(sandbox.requests);
    case 'POST reset':
      sandbox.reset();
      return ok({ ok: true });
    case 'GET loans':
      return ok(sandbox.loans());
    case 'GET payments/:id':
      return ok(sandbox.payments(arg ?? ''));
    default:
      return problem(404, `Unknown sandbox control endpoint: ${method} /${segments.join('/')}`);
  }
}
