/**
 * Every lender write starts here: recorded in the outbox (once per idempotency key, pending and due now)
 * together with its audit entry (one transaction), then the worker is woken. Nothing is sent here: local
 * and fast, safe to do before acking Slack. Whichever instance's worker claims it first sends it.
 */
import type { WritePolicy } from '../domain/write-policy.ts';
import type { OutboxWrite, Store } from '../store/index.ts';
import { lockKeyOf } from './reconcile-write.ts';
import { lenderOf, type WriteRequest } from './write-requests.ts';

export interface WritePlace {
  channelId: string;
  threadTs?: string | undefined;
  sourceTs?: string | undefined;
  /** The modal that recorded it: it is updated with the outcome. */
  viewId?: string | undefined;
}

export interface NewLenderWrite {
  /** Derived from the Slack view id (and step), so double clicks and Slack retries find the same row. */
  key: string;
  request: WriteRequest;
  /** Readable, PII-masked one-liner for alerts and history. */
  summary: string;
  fingerprint?: string | undefined;
  by: string;
  place: WritePlace;
}

/** What a person's Confirm carries to the use case that records the write. */
export interface WriteConfirm {
  place: WritePlace;
  by: string;
  /** The idempotency key, derived from the Slack view id. */
  key: string;
  /** Edit & retry: the failed write this one replaces (replace-write.ts). */
  replaces?: string | undefined;
}

export type Recorded = { created: boolean; write: OutboxWrite };

export interface RecordDeps {
  store: Pick<Store, 'outbox'>;
  /** The outbox worker of this instance, woken once a write is recorded. */
  worker: { wake(): void };
  writePolicy: Pick<WritePolicy, 'triesPerRun'>;
}

export async function recordWrite(deps: RecordDeps, input: NewLenderWrite): Promise<Recorded> {
  const lender = lenderOf(input.request);
  // The write and the entry saying who confirmed it are one commit: never one without the other, and one
  // fsync before the ack instead of two.
  const recorded = await deps.store.outbox.record(
    {
      idempotencyKey: input.key,
      lender,
      operation: input.request.operation,
      loanId: input.request.loanId,
      request: input.request,
      summary: input.summary,
      fingerprint: input.fingerprint,
      requestedBy: input.by,
      channelId: input.place.channelId,
      threadTs: input.place.threadTs,
      sourceMessageTs: input.place.sourceTs,
      viewId: input.place.viewId,
      lockKey: lockKeyOf(input.request),
      maxAttempts: deps.writePolicy.triesPerRun,
    },
    {
      audit: {
        actor: input.by,
        action: `${input.request.operation}.requested`,
        loanId: input.request.loanId,
        lender,
        outcome: 'confirmed by the person',
        detail: input.summary,
      },
    },
  );
  if (recorded.created) deps.worker.wake();
  return recorded;
}
