/**
 * Black-box control of a sandbox over HTTP (no authentication, never recorded, never faulted).
 * Every sandbox has:
 *   POST   /__sandbox/faults      add a fault (JSON Fault, in the sandbox's own form)
 *   GET    /__sandbox/faults      the active faults
 *   DELETE /__sandbox/faults      clear faults
 *   GET    /__sandbox/requests    recorded API requests
 *   POST   /__sandbox/reset       back to the seed, no faults, requests cleared
 * and adds its own (e.g. GET /__sandbox/loans) through `extras`.
 */
import type { FaultBook } from './faults.ts';
import type { Answer, Checked, Fault } from './types.ts';

export const CONTROL_PREFIX = '/__sandbox/';

/** A control request: the endpoint name, its one argument (URL-decoded) and the path as error messages show it. */
export interface ControlTarget {
  name: string;
  arg: string | undefined;
  shown: string;
}

/** The sandbox's own control endpoints: `route` is e.g. "GET loans" or "GET loans/:id"; undefined when unknown. */
export type ControlExtras = (route: string, arg: string) => Answer | undefined;

export interface ControlContext<P> {
  faults: FaultBook<P>;
  parseFault: (body: unknown) => Checked<Fault<P>>;
  requests: readonly unknown[];
  reset: () => void;
  extras?: ControlExtras;
}

export const controlProblem = (status: number, message: string): Answer => ({ status, body: { message } });

/** "/__sandbox/loans/Tesst001" → name "loans", arg "Tesst001"; a malformed argument is a 400. */
export function controlTarget(path: string): ControlTarget | Answer {
  const [name = '', rawArg] = path.slice(CONTROL_PREFIX.length).split('/');
  try {
    return { name, arg: rawArg === undefined ? undefined : decodeURIComponent(rawArg), shown: path };
  } catch {
    return controlProblem(400, 'Malformed path');
  }
}

export function routeControl<P>(
  ctx: ControlContext<P>,
  method: string,
  target: ControlTarget | Answer,
  body: unknown,
): Answer {
  if ('status' in target) return target;
  const { name, arg, shown } = target;
  const route = `${method} ${name}${arg === undefined ? '' : '/:id'}`;
  switch (route) {
    case 'POST faults': {
      const fault = ctx.parseFault(body);
      if (!fault.ok) return controlProblem(400, fault.message);
      ctx.faults.add(fault.value);
      return { status: 201, body: { ok: true, faults: ctx.faults.describe() } };
    }
    case 'GET faults':
      return { status: 200, body: ctx.faults.describe() };
    case 'DELETE faults':
      ctx.faults.clear();
      return { status: 200, body: { ok: true } };
    case 'GET requests':
      return { status: 200, body: ctx.requests };
    case 'POST reset':
      ctx.reset();
      return { status: 200, body: { ok: true } };
    default:
      return ctx.extras?.(route, arg ?? '') ?? controlProblem(404, `Unknown sandbox control endpoint: ${method} ${shown}`);
  }
}
