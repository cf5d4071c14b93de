/**
 * What the composition root (src/app.ts) builds once and hands to the Slack edge's listeners: everything
 * each use case declares it needs (its own deps type), and the edge's own (config, logger, clock). Use cases
 * never import this: each names only what it uses, and the listener passes this object along.
 */
import type { Config } from './config.ts';
import type { BulkReadTiming } from './domain/bulk-file.ts';
import type { Logger } from './log.ts';
import type { CredgenicsClient } from './lenders/credgenics/client.ts';
import type { WritePolicy } from './domain/write-policy.ts';
import type { Store } from './store/index.ts';
import type { AccessControl } from './usecases/access.ts';
import type { AddLoanDeps } from './usecases/add-loan.ts';
import type { AlertMissingDeps } from './usecases/alert-missing.ts';
import type { HomeDeps } from './usecases/app-home.ts';
import type { BulkProgressDeps } from './usecases/bulk-progress.ts';
import type { BulkReviewDeps } from './usecases/bulk-review.ts';
import type { CancelBatchDeps } from './usecases/bulk-send.ts';
import type { DismissDeps } from './usecases/dismiss-write.ts';
import type { HistoryDeps } from './usecases/loan-history.ts';
import type { LookupDeps } from './usecases/lookup-loan.ts';
import type { WriteNotifier } from './usecases/notifier.ts';
import type { RecordPaymentDeps } from './usecases/record-payment.ts';
import type { RetryDeps } from './usecases/retry-write.ts';
import type { RevealDeps } from './usecases/reveal-pii.ts';
import type { ApolloDeps, UpdateInApolloDeps } from './usecases/update-in-apollo.ts';
import type { UpdateLoanDeps } from './usecases/update-loan.ts';

/** Every use case's deps, so one object serves them all. */
type UseCaseDeps = LookupDeps &
  RecordPaymentDeps &
  UpdateLoanDeps &
  UpdateInApolloDeps &
  ApolloDeps &
  AddLoanDeps &
  RetryDeps &
  DismissDeps &
  RevealDeps &
  HistoryDeps &
  HomeDeps &
  BulkReviewDeps &
  CancelBatchDeps &
  BulkProgressDeps &
  AlertMissingDeps;

export type Services = UseCaseDeps & {
  config: Config;
  logger: Logger;
  credgenics: CredgenicsClient;
  store: Store;
  access: AccessControl;
  notifier: WriteNotifier;
  writePolicy: WritePolicy;
  /** LOANBOT_LENDERS=sandbox: every message says so. */
  sandbox: boolean;
  now: () => Date;
  /** Least time between two updates of a bulk batch's message; default PROGRESS_GAP_MS (src/domain/bulk-pacing.ts). */
  bulkProgressGapMs?: number;
  /** How long a bulk file may take to read (BULK_ACK_WITHIN_MS, READ_BUDGET_MS by default; tests shorten them). */
  bulkRead?: BulkReadTiming;
  /** The outbox worker of this instance: use cases wake it after recording or requeueing a write. */
  worker: { wake(): void };
};
