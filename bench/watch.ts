/**
 * Watching the stand-in by its events (not by polling, which is too slow with hundreds of waiters):
 * a user's top modal reaching a callback_id, loan summaries posted, payment confirmations and alerts.
 * Every timestamp is performance.now() in the bench process at the moment the stand-in stored it.
 */
import { readableText, type SlackStandin, type StoredMessage, type StoredView } from '../dev/slack-standin/index.ts';
import { CHANNEL } from './env.ts';

export interface Seen {
  at: number;
  message: StoredMessage;
}

type SummaryListener = (loanId: string, seen: Seen) => void;

/** The payment reference a person typed, as write summaries show it. */
const REF = /(?:payment reference|ref) ([A-Za-z0-9/_.-]+)/;

function summaryLoanId(message: StoredMessage): string | undefined {
  for (const block of message.blocks as Array<{ type?: string; block_id?: string }>) {
    if (block.type === 'actions' && block.block_id?.startsWith('summary:')) return block.block_id.slice('summary:'.length);
  }
  return undefined;
}

export class Watch {
  /** Newest summary posted per loan. */
  readonly summaries = new Map<string, Seen>();
  /** Payment confirmations by the payment's reference. */
  readonly confirmations = new Map<string, Seen>();
  /** Payment alerts (the copy in the collections channel) by the payment's reference. */
  readonly alerts = new Map<string, Seen>();
  private readonly summaryListeners = new Set<SummaryListener>();
  private readonly viewWaiters = new Set<() => void>();
  private readonly messageWaiters = new Set<() => void>();

  constructor(private readonly slack: SlackStandin) {
    slack.events.on('message', ({ message, updated, deleted }) => {
      if (updated || deleted) return;
      const at = performance.now();
      const loanId = summaryLoanId(message);
      if (loanId !== undefined) {
        const seen = { at, message };
        this.summaries.set(loanId, seen);
        for (const listener of this.summaryListeners) listener(loanId, seen);
      } else if (message.text.startsWith('Payment recorded')) {
        const ref = REF.exec(message.text)?.[1];
        if (ref) this.confirmations.set(ref, { at, message });
      } else if (message.channel === CHANNEL && / loan \S+ failed/.test(message.text)) {
        const ref = REF.exec(readableText(message).split('What was sent')[1] ?? '')?.[1];
        if (ref) this.alerts.set(ref, { at, message });
      }
      for (const wake of this.messageWaiters) wake();
    });
    slack.events.on('view', () => {
      for (const wake of this.viewWaiters) wake();
    });
  }

  onSummary(listener: SummaryListener): () => void {
    this.summaryListeners.add(listener);
    return () => this.summaryListeners.delete(listener);
  }

  private until<T>(set: Set<() => void>, check: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const wake = () => {
        const value = check();
        if (value === undefined) return;
        set.delete(wake);
        clearTimeout(timer);
        resolve(value);
      };
      const timer = setTimeout(() => {
        set.delete(wake);
        reject(new Error(`bench: timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      set.add(wake);
      wake();
    });
  }

  /** The user's top modal once its callback_id is one of `callbackIds`. */
  view(userId: string, callbackIds: string | string[], timeoutMs = 10_000): Promise<StoredView> {
    const wanted = typeof callbackIds === 'string' ? [callbackIds] : callbackIds;
    return this.until(this.viewWaiters, () => {
      const top = this.slack.topView(userId);
      return top && wanted.includes(top.callback_id) ? top : undefined;
    }, timeoutMs, `${userId}'s ${wanted.join(' or ')} view`);
  }

  /** Resolves when `done()` holds (checked on every new message), or with false after `timeoutMs`. */
  messagesUntil(done: () => boolean, timeoutMs: number): Promise<boolean> {
    return this.until(this.messageWaiters, () => (done() ? true : undefined), timeoutMs, 'messages').catch(() => false);
  }

  /** The first summary of `loanId` posted after `after` (performance.now()). */
  summary(loanId: string, after: number, timeoutMs = 10_000): Promise<Seen> {
    return this.until(this.messageWaiters, () => {
      const seen = this.summaries.get(loanId);
      return seen && seen.at > after ? seen : undefined;
    }, timeoutMs, `the summary of ${loanId}`);
  }
}
