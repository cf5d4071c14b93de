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
 * The first five are kit/control.ts; the last two are Credgenics' own.
 */
import type { ControlExtras, ControlTarget } from '../kit/control.ts';
import { decodeSegments } from '../kit/http-io.ts';
import type { SandboxStore } from './store.ts';

/** Every segment URL-decoded (none when one is malformed): "/__sandbox/payments/1001" → payments, 1001. */
export function controlTarget(path: string): ControlTarget {
  const segments = decodeSegments(path);
  const [, name = '', arg] = segments;
  return { name, arg, shown: `/${segments.join('/')}` };
}

export function controlExtras(store: SandboxStore): ControlExtras {
  return (route, arg) => {
    if (route === 'GET loans') return { status: 200, body: store.summaries() };
    if (route === 'GET payments/:id') return { status: 200, body: store.payments(arg) };
    return undefined;
  };
}
