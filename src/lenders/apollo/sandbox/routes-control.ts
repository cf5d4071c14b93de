/**
 * Black-box control of the sandbox over HTTP (no authentication, never recorded, never faulted):
 *   POST   /__sandbox/faults       add a fault (JSON Fault; match.path 'token' or 'update')
 *   GET    /__sandbox/faults       the active faults
 *   DELETE /__sandbox/faults       clear faults
 *   GET    /__sandbox/requests     recorded API requests
 *   POST   /__sandbox/reset        back to the seed, no faults, requests cleared
 *   GET    /__sandbox/loans        [{loanId, line}]
 *   GET    /__sandbox/loans/{id}   one loan, or 404
 */
import { faultFromJson, type FaultBook } from './faults.ts';
import type { Answer } from './http-io.ts';
import type { ApolloSandbox } from './types.ts';

export const CONTROL_PREFIX = '/__sandbox/';

const problem = (status: number, message: string): Answer => ({ status, body: { message } });

export function routeControl(
  sandbox: ApolloSandbox,
  faults: FaultBook,
  method: string,
  path: string,
  body: unknown,
): Answer {
  const [name = '', rawArg] = path.slice(CONTROL_PREFIX.length).split('/');
  let arg: string | undefined;
  try {
    arg = rawArg === undefined ? undefined : decodeURIComponent(rawArg);
  } catch {
    return problem(400, 'Malformed path');
  }
  switch (`${method} ${name}${arg === undefined ? '' : '/:id'}`) {
    case 'POST faults': {
      const parsed = faultFromJson(body);
      if (!parsed.ok) return problem(400, parsed.message);
      faults.add(parsed.fault);
      return { status: 201, body: { ok: true, faults: faults.describe() } };
    }
    case 'GET faults':
      return { status: 200, body: faults.describe() };
    case 'DELETE faults':
      faults.clear();
      return { status: 200, body: { ok: true } };
    case 'GET requests':
      return { status: 200, body: sandbox.requests };
    case 'POST reset':
      sandbox.reset();
      return { status: 200, body: { ok: true } };
    case 'GET loans':
      return { status: 200, body: sandbox.loans() };
    case 'GET loans/:id': {
      const loan = sandbox.loan(arg ?? '');
      return loan ? { status: 200, body: loan } : problem(404, 'No such loan exists');
    }
    default:
      return problem(404, `Unknown sandbox control endpoint: ${method} ${path}`);
  }
}
