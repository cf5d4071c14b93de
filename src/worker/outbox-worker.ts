/**
 * The outbox worker, one in every instance: claims due writes under a lease and works on them, up to
 * `concurrency` at once. Listeners never send; they record a write and `wake()` the worker. Other
 * instances' writes, scheduled retries and writes whose instance died are found by polling.
 */
import type { Logger } from '../log.ts';
import { workOnWrite, type WorkDeps } from './work-on-write.ts';

export interface OutboxWorker {
  start(): void;
  /** Look for due writes now (a listener just recorded one, or a person pressed Retry). */
  wake(): void;
  /** Writes being worked on by this instance right now. */
  readonly busy: number;
  /**
   * Stop claiming; wait up to `graceMs` for the writes in hand. A send still out after that keeps its
   * lease until it runs out, and the write is then reconciled by whichever instance claims it.
   */
  stop(graceMs: number): Promise<boolean>;
}

/** Never poll faster than this when due writes are waiting behind a lock (another payment to the same loan). */
const MIN_IDLE_MS = 100;

export function createOutboxWorker(deps: WorkDeps & { logger: Logger }): OutboxWorker {
  const { policy, store, logger } = deps;
  const inHand = new Set<Promise<void>>();
  let running = false;
  let looping = false;
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  let wakeIdle: (() => void) | undefined;
  /** The pass over the store in progress, if any: stop() waits for it, so the store is never closed under it. */
  let pass: Promise<void> | undefined;

  function schedule(ms: number): void {
    if (!running) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      pass = loop();
    }, Math.max(0, ms));
  }

  async function claimAndWork(): Promise<boolean> {
    const write = await store.outbox.claimNext({ owner: deps.owner, leaseMs: policy.leaseMs, settleMs: policy.settleMs });
    if (!write) return false;
    const work = workOnWrite(deps, write)
      .catch((error: unknown) => logger.error({ err: error, writeId: write.id }, 'working on a write failed; its lease will run out and it will be picked up again'))
      .finally(() => {
        inHand.delete(work);
        wakeIdle?.();
        if (running) wake(); // a slot is free, and a payment waiting behind this one may be claimable now
      });
    inHand.add(work);
    return true;
  }

  async function loop(): Promise<void> {
    if (!running) return;
    if (looping) {
      again = true;
      return;
    }
    looping = true;
    try {
      do {
        again = false;
        while (running && inHand.size < policy.concurrency && (await claimAndWork()));
      } while (again && running && inHand.size < policy.concurrency);
      if (inHand.size >= policy.concurrency) return; // a finishing write wakes us
      const next = await store.outbox.nextWakeAt();
      const now = deps.now().getTime();
      schedule(next === undefined ? policy.pollMs : Math.min(policy.pollMs, Math.max(MIN_IDLE_MS, next - now)));
    } catch (error) {
      logger.error({ err: error }, 'the outbox worker could not read the store; trying again');
      schedule(policy.pollMs);
    } finally {
      looping = false;
    }
  }

  function wake(): void {
    if (!running) return;
    if (looping) {
      again = true;
      return;
    }
    schedule(0);
  }

  return {
    start() {
      if (running) return;
      running = true;
      schedule(0);
    },
    wake,
    get busy() {
      return inHand.size;
    },
    async stop(graceMs) {
      running = false;
      clearTimeout(timer);
      const deadline = Date.now() + graceMs;
      // A pass may be reading the store, or claiming a write that then joins those in hand.
      if (pass) await Promise.race([pass, new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref())]);
      while (inHand.size > 0 && Date.now() < deadline) {
        await Promise.race([
          Promise.allSettled([...inHand]),
          new Promise<void>((resolve) => {
            wakeIdle = resolve;
            setTimeout(resolve, Math.max(0, deadline - Date.now())).unref();
          }),
        ]);
      }
      wakeIdle = undefined;
      return inHand.size === 0;
    },
  };
}
