/**
 * What listeners and use cases are handed by the composition root: configured clients, the store,
 * the logger, the clock. One object, built once in src/app.ts.
 */
import type { Config } from './config.ts';
import type { Logger } from './log.ts';
import type { CredgenicsClient } from './lenders/credgenics/client.ts';
import type { ApolloClient } from './lenders/apollo/client.ts';
import type { Store } from './store/index.ts';
import type { WriteNotifier } from './usecases/notifier.ts';
import type { AccessControl } from './usecases/access.ts';
import type { WritePolicy } from './domain/write-policy.ts';

export interface Services {
  config: Config;
  logger: Logger;
  credgenics: CredgenicsClient;
  /** null when Apollo is not configured. */
  apollo: ApolloClient | null;
  /** Whether the Apollo features are available (its variables are set, or sandbox mode). */
  apolloConfigured: boolean;
  /** APOLLO_PARTNER_TAG (in sandbox mode the sandbox's own tag); null when Apollo is not configured. */
  apolloPartnerTag: string | null;
  store: Store;
  access: AccessControl;
  notifier: WriteNotifier;
  writePolicy: WritePolicy;
  sandbox: boolean;
  now: () => Date;
  /** Least time between two updates of a bulk batch's message; default PROGRESS_GAP_MS (views/bulk-progress.ts). */
  bulkProgressGapMs?: number;
  /** The outbox worker of this instance: use cases wake it after recording or requeueing a write. */
  worker: { wake(): void };
}
