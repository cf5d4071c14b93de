/**
 * Row 5: Apollo's OAuth2 token, amortised. Loaded at run time (the Apollo client may not exist yet in a
 * checkout), by path, so the bench still type-checks and runs without it.
 * - simulated: 1,000 updates over 10 minutes of simulated time (client and sandbox share a fake clock)
 *   with the documented 5-minute token → token requests vs the minimum, ceil(600 s / 300 s);
 * - scaled, real time: a 3 s token, 1,000 updates at 100/s over 10 s → vs ceil(10 s / 3 s);
 * - cold start: 100 concurrent updates on a fresh client → 1 token request.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createLogger } from '../src/log.ts';
import { atRate } from './stats.ts';

interface ApolloClientLike {
  updateLoan(loanId: string, body: unknown): Promise<unknown>;
  tokenRequests(): number;
}
interface ApolloSandboxLike {
  tokenUrl: string;
  updateUrl: string;
  tokenRequests(): number;
  loan(loanId: string): { loanType: string; loanInformation: Record<string, string> } | undefined;
  close(): Promise<void>;
}
interface ClientModule {
  createApolloClient(options: Record<string, unknown>): ApolloClientLike;
}
interface SandboxModule {
  startApolloSandbox(options: Record<string, unknown>): Promise<ApolloSandboxLike>;
}

export interface TokenRun {
  label: string;
  updates: number;
  failed: number;
  spanSeconds: number;
  ttlSeconds: number;
  tokenRequests: number;
  minimum: number;
}

export type ApolloResult = { present: false } | { present: true; simulated: TokenRun; scaled: TokenRun; cold: TokenRun };

const CLIENT = new URL('../src/lenders/apollo/client.ts', import.meta.url);
const SANDBOX = new URL('../dev/sandbox/apollo/index.ts', import.meta.url);
const CREDS = { clientId: 'bench-client', clientSecret: 'bench-secret', apiKey: 'bench-key', partnerTag: 'LOANBOT' };
const LOAN = 'Tesst001';

export async function apolloPhase(): Promise<ApolloResult> {
  if (!existsSync(fileURLToPath(CLIENT)) || !existsSync(fileURLToPath(SANDBOX))) return { present: false };
  const clientModule = (await import(CLIENT.href)) as ClientModule;
  const sandboxModule = (await import(SANDBOX.href)) as SandboxModule;
  const logger = createLogger({ level: 'warn', destination: { write: () => undefined } });

  async function run(label: string, ttlSeconds: number, clock: { now: () => number } | undefined, drive: (update: () => Promise<void>) => Promise<number>): Promise<TokenRun> {
    const sandbox = await sandboxModule.startApolloSandbox({ ...CREDS, tokenTtlSeconds: ttlSeconds, ...(clock ? { now: clock.now } : {}) });
    try {
      const client = clientModule.createApolloClient({
        ...CREDS,
        tokenUrl: sandbox.tokenUrl,
        updateUrl: sandbox.updateUrl,
        updateMethod: 'PATCH',
        timeoutMs: 5_000,
        logger,
        ...(clock ? { now: clock.now } : {}),
      });
      const loan = sandbox.loan(LOAN);
      if (!loan) throw new Error(`bench: the Apollo sandbox has no loan ${LOAN}`);
      const body = { partner_tag: CREDS.partnerTag, loan_type: loan.loanType, loan_information: { ...loan.loanInformation } };
      let updates = 0;
      let failed = 0;
      const update = () =>
        client.updateLoan(LOAN, body).then(
          () => void (updates += 1),
          () => void (failed += 1),
        );
      const spanSeconds = await drive(update);
      return { label, updates: updates + failed, failed, spanSeconds, ttlSeconds, tokenRequests: client.tokenRequests(), minimum: Math.max(1, Math.ceil(spanSeconds / ttlSeconds)) };
    } finally {
      await sandbox.close();
    }
  }

  let fake = Date.now();
  const simulated = await run('1,000 updates over 10 min simulated, token 300 s', 300, { now: () => fake }, async (update) => {
    for (let i = 0; i < 1_000; i += 1) {
      await update();
      fake += 600;
    }
    return 600;
  });
  const scaled = await run('1,000 updates over 10 s real time, token 3 s', 3, undefined, async (update) => {
    const all: Promise<void>[] = [];
    const started = performance.now();
    await atRate(100, 1_000, () => void all.push(update()), 15_000);
    await Promise.all(all);
    return Math.round((performance.now() - started) / 1000);
  });
  const cold = await run('100 concurrent updates at a cold start', 300, undefined, async (update) => {
    await Promise.all(Array.from({ length: 100 }, () => update()));
    return 1;
  });
  return { present: true, simulated, scaled, cold };
}
