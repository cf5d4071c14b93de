/**
 * What listeners and use cases are handed by the composition root: configured clients, the logger,
 * the clock. One object, built once in src/app.ts.
 */
import type { Config } from './config.ts';
import type { Logger } from './log.ts';
import type { CredgenicsClient } from './lenders/credgenics/client.ts';

export interface Services {
  config: Config;
  logger: Logger;
  credgenics: CredgenicsClient;
  /** Whether the Apollo features are available (its variables are set, or sandbox mode). */
  apolloConfigured: boolean;
  sandbox: boolean;
  now: () => Date;
}
