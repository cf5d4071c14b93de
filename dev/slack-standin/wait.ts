/**
 * Waiting for the app to do something: re-checks on every stand-in event and every 10 ms,
 * so it returns as soon as the condition holds and also notices state outside the stand-in.
 */
import type { EventEmitter } from 'node:events';
import { readableText } from './blocks.ts';
import type { StandinEvents, StoredMessage, StoredView } from './types.ts';

export interface WaitOptions {
  /** Default 5000. */
  timeoutMs?: number;
  /** Polling interval; default 10. */
  intervalMs?: number;
  /** Shown in the timeout error. */
  description?: string;
}

export type Found<T> = Exclude<T, undefined | null | false>;

/**
 * Resolves with the predicate's first truthy-ish value (anything but undefined/null/false).
 * A predicate that throws counts as "not yet"; its last error is reported on timeout.
 */
export function waitFor<T>(
  events: EventEmitter<StandinEvents>,
  predicate: () => T | undefined | null | false,
  opts: WaitOptions = {},
): Promise<Found<T>> {
  const timeoutMs = opts.timeoutMs ?? 5000;
  const intervalMs = opts.intervalMs ?? 10;
  return new Promise<Found<T>>((resolve, reject) => {
    let lastError: unknown;
    let settled = false;
    const names = ['message', 'view', 'home', 'call', 'violation'] as const;
    const cleanup = (): void => {
      settled = true;
      clearInterval(timer);
      clearTimeout(deadline);
      for (const n of names) events.off(n, check);
    };
    function check(): void {
      if (settled) return;
      let v: T | undefined | null | false;
      try {
        v = predicate();
      } catch (err) {
        lastError = err;
        return;
      }
      if (v === undefined || v === null || v === false) return;
      cleanup();
      resolve(v as Found<T>);
    }
    const timer = setInterval(check, intervalMs);
    const deadline = setTimeout(() => {
      if (settled) return;
      cleanup();
      const what = opts.description ? `: ${opts.description}` : '';
      const why = lastError === undefined ? '' : ` (last error: ${lastError instanceof Error ? lastError.message : String(lastError)})`;
      reject(new Error(`slack-standin: waitFor timed out after ${timeoutMs} ms${what}${why}`));
    }, timeoutMs);
    for (const n of names) events.on(n, check);
    check();
  });
}

/** Substring of the message's readable text (text + blocks), a RegExp over it, or a predicate. */
export type MessageMatcher = string | RegExp | ((m: StoredMessage) => boolean);
/** callback_id, a RegExp over it, or a predicate. */
export type ViewMatcher = string | RegExp | ((v: StoredView) => boolean);

export function matchesMessage(m: StoredMessage, match: MessageMatcher | undefined): boolean {
  if (match === undefined) return true;
  if (typeof match === 'function') return match(m);
  const text = readableText(m);
  return typeof match === 'string' ? text.includes(match) : match.test(text);
}

export function matchesView(v: StoredView, match: ViewMatcher | undefined): boolean {
  if (match === undefined) return true;
  if (typeof match === 'function') return match(v);
  return typeof match === 'string' ? v.callback_id === match : match.test(v.callback_id);
}
