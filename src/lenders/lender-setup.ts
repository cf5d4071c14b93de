/**
 * The lenders loanbot talks to: the configured ones, or in sandbox mode (`LOANBOT_LENDERS=sandbox`) the
 * built-in sandbox Credgenics and Apollo on loopback, with fresh credentials of their own (the lender
 * variables are ignored then). The sandboxes are imported only in sandbox mode, so against real lenders
 * their code is never loaded (the build puts them in a chunk of their own).
 */
import { randomBytes } from 'node:crypto';
import type { ApolloConfig, Config, CredgenicsConfig } from '../config.ts';
import type { CredgenicsSandbox } from '../../dev/sandbox/credgenics/index.ts';
import type { ApolloSandbox } from '../../dev/sandbox/apollo/index.ts';

export interface SandboxLenders {
  credgenics: CredgenicsSandbox;
  apollo: ApolloSandbox;
}

export interface LenderSetup {
  credgenics: CredgenicsConfig;
  apollo: ApolloConfig | null;
  sandbox: SandboxLenders | undefined;
}

const secret = (prefix: string) => `${prefix}-${randomBytes(8).toString('hex')}`;

export async function setUpLenders(config: Config): Promise<LenderSetup> {
  if (config.lenders === 'live' && config.credgenics) {
    return { credgenics: config.credgenics, apollo: config.apollo, sandbox: undefined };
  }
  const authToken = secret('sandbox');
  const role = 'sandbox-agent';
  const apollo = { clientId: 'sandbox-client', clientSecret: secret('sandbox-secret'), apiKey: secret('sandbox-key'), partnerTag: 'LOANBOT' };
  const [{ startCredgenicsSandbox }, { startApolloSandbox }] = await Promise.all([
    import('../../dev/sandbox/credgenics/index.ts'),
    import('../../dev/sandbox/apollo/index.ts'),
  ]);
  const [credgenicsSandbox, apolloSandbox] = await Promise.all([
    startCredgenicsSandbox({ authToken, role, timeZone: config.timeZone }),
    startApolloSandbox({ ...apollo, timeZone: config.timeZone }),
  ]);
  return {
    credgenics: { baseUrl: credgenicsSandbox.url, authToken, role, timeoutMs: 10_000 },
    apollo: { ...apollo, tokenUrl: apolloSandbox.tokenUrl, updateUrl: apolloSandbox.updateUrl, updateMethod: 'PATCH', timeoutMs: 10_000 },
    sandbox: { credgenics: credgenicsSandbox, apollo: apolloSandbox },
  };
}
