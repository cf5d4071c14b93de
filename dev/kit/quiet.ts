/**
 * Waiting until nothing more happens, instead of a fixed sleep before a "nothing more happened" check:
 * resolves once, for `quietMs` on end, the Slack stand-in saw no event (message, view, call…), no lender
 * received a request, and no worker had a write in hand. Gives up (throws) after `timeoutMs`.
 */
import type { EventEmitter } from 'node:events';

export interface QuietSources {
  /** The Slack stand-in (its event emitter). */
  slack?: { events: EventEmitter };
  /** Sandbox lenders: any new recorded request is activity. */
  lenders?: ReadonlyArray<{ requests: ReadonlyArray<unknown> } | undefined>;
  /** Outbox workers: a write in hand is activity. */
  workers?: ReadonlyArray<{ busy: number } | undefined>;
}

export interface QuietOptions {
  /** How long nothing must happen; default 200 ms. */
  quietMs?: number;
  /** Default 10 000 ms. */
  timeoutMs?: number;
}

const STANDIN_EVENTS = ['message', 'view', 'home', 'call', 'violation'] as const;

export async function waitUntilQuiet(sources: QuietSources, options: QuietOptions = {}): Promise<void> {
  const quietMs = options.quietMs ?? 200;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const started = performance.now();
  let lastActivity = started;
  const touch = (): void => {
    lastActivity = performance.now();
  };
  const counts = () => (sources.lenders ?? []).map((l) => l?.requests.length ?? 0);
  let seen = counts();
  for (const name of STANDIN_EVENTS) sources.slack?.events.on(name, touch);
  try {
    for (;;) {
      const now = counts();
      if (now.some((n, i) => n !== seen[i]) || (sources.workers ?? []).some((w) => (w?.busy ?? 0) > 0)) touch();
      seen = now;
      const at = performance.now();
      if (at - lastActivity >= quietMs) return;
      if (at - started >= timeoutMs) throw new Error(`waitUntilQuiet: still busy after ${timeoutMs} ms (wanted ${quietMs} ms of quiet)`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  } finally {
    for (const name of STANDIN_EVENTS) sources.slack?.events.off(name, touch);
  }
}
