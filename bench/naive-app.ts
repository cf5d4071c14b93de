/**
 * Row 4's baseline: the Bolt app everyone writes first. It calls the lender and only then acks, so
 * Slack's 3 s deadline is the lender's to keep. Same Bolt, same receiver, same sandbox as loanbot.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel, type Logger } from '@slack/bolt';

export interface NaiveAppOptions {
  signingSecret: string;
  botToken: string;
  slackApiUrl: string;
  lenderUrl: string;
  lenderHeaders: Record<string, string>;
}

export interface NaiveApp {
  eventsUrl: string;
  stop(): Promise<void>;
}

const silent: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  setLevel: () => undefined,
  getLevel: () => LogLevel.ERROR,
  setName: () => undefined,
};

export async function startNaiveApp(options: NaiveAppOptions): Promise<NaiveApp> {
  const receiver = new HTTPReceiver({ signingSecret: options.signingSecret, endpoints: '/slack/events', logger: silent });
  const app = new App({ token: options.botToken, receiver, logger: silent, clientOptions: { slackApiUrl: options.slackApiUrl } });
  const aborts = new AbortController();

  app.command('/loan', async ({ ack, command }) => {
    const loanId = command.text.trim();
    const res = await fetch(`${options.lenderUrl}/recovery/loan/${encodeURIComponent(loanId)}`, {
      headers: options.lenderHeaders,
      signal: aborts.signal,
    });
    const loan = (await res.json()) as { output?: { loan_details?: { applicant_name?: string } } };
    await ack(`Loan ${loanId}: ${loan.output?.loan_details?.applicant_name ?? 'not found'}`);
  });

  const server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
  const { port } = server.address() as AddressInfo;
  return {
    eventsUrl: `http://127.0.0.1:${port}/slack/events`,
    async stop() {
      aborts.abort();
      server.closeAllConnections();
      await app.stop().catch(() => undefined);
    },
  };
}
