/**
 * The composition root: config → logger, lender clients (or the sandbox lenders), the Bolt app,
 * listeners. Tests, the offline shell and `npm start` all come through `startLoanbot`.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, SocketModeReceiver, type CustomRoute } from '@slack/bolt';
import { registerCommands } from '../commands/index.ts';
import { authorize } from '../commands/authorize.ts';
import { declareListenerRoles, type DeclaredListener } from '../commands/listener-roles.ts';
import { AccessControl } from './usecases/access.ts';
import { openRoles } from './domain/roles.ts';
import { registerViews } from '../views/index.ts';
import type { Config } from './config.ts';
import { InFlight } from './in-flight.ts';
import { sampledRefusalLog } from './http/refusal-log.ts';
import { BoundedReplayMemory, HTTP_LIMITS, guardSlackRequests, limitServer, serverOptions, type HttpLimits, type ReplayMemory } from './http/index.ts';
import { createCredgenicsClient } from './lenders/credgenics/client.ts';
import { setUpLenders, type SandboxLenders } from './lenders/lender-setup.ts';
import { createApolloClient } from './lenders/apollo/client.ts';
import { boltLogger, type Logger } from './log.ts';
import type { Services } from './services.ts';
import { openStore } from './store/index.ts';
import { KeyedLock } from './usecases/keyed-lock.ts';
import { DEFAULT_WRITE_POLICY, type WritePolicy } from './usecases/notifier.ts';
import { createSlackNotifier } from '../views/slack-notifier.ts';
import { createHomePublisher, registerAppHome, type HomePublisher } from '../views/app-home.handlers.ts';
import { resumeUnfinishedWrites } from './usecases/resume-writes.ts';


export interface StartOptions {
  logger: Logger;
  now?: () => Date;
  /** Largest request body accepted on /slack/events, in bytes. */
  bodyLimit?: number;
  /** Timeouts and connection cap of the HTTP server (tests shorten them). */
  httpLimits?: Partial<HttpLimits>;
  /** Where the request guard remembers requests it served (default: in memory, bounded). */
  replayMemory?: ReplayMemory;
  /** Automatic retries of transient write failures (tests shorten the backoff). */
  writePolicy?: WritePolicy;
}

export interface RunningLoanbot {
  /** The HTTP port actually bound (PORT, or the ephemeral one when PORT=0). */
  port: number;
  /** Where Slack sends requests in HTTP mode. */
  eventsUrl: string;
  services: Services;
  sandbox: SandboxLenders | undefined;
  /** Every command, action and form listener, with the role it declared. */
  listeners(): DeclaredListener[];
  /** Stop taking requests, finish in-flight work (up to `graceMs`), close the sandbox. */
  stop(graceMs?: number): Promise<void>;
}

export async function startLoanbot(config: Config, options: StartOptions): Promise<RunningLoanbot> {
  const logger = options.logger;
  const lenders = await setUpLenders(config);
  const inFlight = new InFlight();
  let stopping = false;

  const healthz: CustomRoute = {
    path: '/healthz',
    method: ['GET'],
    handler: (_req, res) => {
      res.writeHead(stopping ? 503 : 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: !stopping, app: 'loanbot', lenders: config.lenders, mode: config.slack.appToken ? 'socket' : 'http' }));
    },
  };

  const boltLog = boltLogger(logger);
  const bodyLimit = options.bodyLimit ?? 1_000_000;
  const receiver = config.slack.appToken
    ? new SocketModeReceiver({
        appToken: config.slack.appToken,
        logger: boltLog,
        customRoutes: [healthz],
        installerOptions: { port: config.port },
      })
    : new HTTPReceiver({
        signingSecret: config.slack.signingSecret ?? '',
        endpoints: '/slack/events',
        customRoutes: [healthz],
        logger: boltLog,
        processBeforeResponse: false,
        bodyLimit,
      });

  if (receiver instanceof HTTPReceiver) {
    // HTTPReceiver exposes its request listener; the guard runs in front of it, before Bolt reads the body.
    receiver.requestListener = guardSlackRequests(receiver.requestListener, {
      signingSecret: config.slack.signingSecret ?? '',
      memory: options.replayMemory ?? new BoundedReplayMemory(),
      bodyLimit,
      onRefused: sampledRefusalLog(logger),
      onRetryAcked: (req) => logger.info({ url: req.url, retryNum: req.headers['x-slack-retry-num'] }, 'acked a copy of a request already served; nothing done again'),
    });
  }

  const app = new App({
    token: config.slack.botToken,
    receiver,
    logger: boltLog,
    clientOptions: config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {},
  });

  const store = openStore({ dataDir: config.dataDir });
  const base = {
    config,
    logger,
    credgenics: createCredgenicsClient({ ...lenders.credgenics, logger }),
    apollo: lenders.apollo ? createApolloClient({ ...lenders.apollo, logger }) : null,
    apolloConfigured: lenders.apollo !== null,
    apolloPartnerTag: lenders.apollo?.partnerTag ?? null,
    store,
    sandbox: config.lenders === 'sandbox',
    now: options.now ?? (() => new Date()),
  };
  let homes: HomePublisher | undefined;
  const access = new AccessControl(config.roles, config.channels, async (usergroup) => (await app.client.usergroups.users.list({ usergroup })).users ?? [], logger);
  const openToAll = openRoles(config.roles);
  if (openToAll.length > 0) {
    logger.warn({ openRoles: openToAll }, `roles open to every workspace member (their list is unset): ${openToAll.join(', ')}`);
  }
  const services: Services = {
    ...base,
    access,
    notifier: createSlackNotifier(app.client, base, (write) => void homes?.refresh([write.requestedBy, write.resolvedBy])),
    writePolicy: options.writePolicy ?? DEFAULT_WRITE_POLICY,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    locks: new KeyedLock(),
  };

  // Every listener's work (which goes on after its ack) is tracked so SIGTERM can finish it.
  app.use(async ({ next }) => {
    await inFlight.track(next());
  });
  const listenerRoles = declareListenerRoles(app, services);
  app.use(authorize(services, listenerRoles));
  app.error(async (error) => {
    logger.error({ err: error }, 'unhandled error in a listener');
  });

  homes = createHomePublisher(app.client, services);
  registerAppHome(app, services, homes);
  const routes = registerViews(app, services);
  registerCommands(app, services, routes);

  const httpLimits = { ...HTTP_LIMITS, ...options.httpLimits };
  const started = (receiver instanceof HTTPReceiver ? await app.start(config.port, serverOptions(httpLimits)) : await app.start(config.port)) as Server | undefined;
  if (receiver instanceof HTTPReceiver && started) limitServer(started, httpLimits);
  const address = started?.address?.() as AddressInfo | null | undefined;
  const port = address?.port ?? config.port;
  logger.info({ port, lenders: config.lenders, mode: config.slack.appToken ? 'socket' : 'http' }, 'loanbot is ready');
  // Writes a crash left behind: reconciled (payments) or alerted, never silently lost or sent twice.
  void inFlight.track(resumeUnfinishedWrites(services).catch((error: unknown) => logger.error({ err: error }, 'resuming unfinished writes failed')));

  return {
    port,
    eventsUrl: `http://127.0.0.1:${port}/slack/events`,
    services,
    sandbox: lenders.sandbox,
    listeners: () => listenerRoles.list(),
    async stop(graceMs = 10_000) {
      stopping = true;
      const closing = app.stop().catch((error: unknown) => logger.warn({ err: error }, 'stopping the receiver failed'));
      const finished = await inFlight.drain(graceMs);
      if (!finished) logger.warn({ pending: inFlight.size }, 'in-flight work did not finish before shutdown');
      await closing;
      await Promise.all([lenders.sandbox?.credgenics.close(), lenders.sandbox?.apollo.close()]);
      await store.close();
    },
  };
}
