/**
 * The composition root: config → logger, lender clients (or the sandbox lenders), the Bolt app,
 * listeners. Tests, the offline shell and `npm start` all come through `startLoanbot`.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HTTPReceiver } from '@slack/bolt';
import { AckTimedApp } from './ack-timed-app.ts';
import { opsRoutes, startOpsServer, type OpsServer, type Readiness } from './http/ops-endpoints.ts';
import { createMetrics } from './metrics.ts';
import { createSocketMode, explainSocketStartError } from './socket-mode.ts';
import { registerCommands } from '../commands/index.ts';
import { authorize } from './slack/authorize.ts';
import { declareListenerRoles, type DeclaredListener } from './slack/listener-roles.ts';
import { AccessControl } from './usecases/access.ts';
import { openRoles } from './domain/roles.ts';
import { createHomePublisher, createSlackNotifier, REFUSAL_WORDS, registerViews, type HomePublisher } from '../views/index.ts';
import type { Config } from './config.ts';
import type { BulkReadTiming } from './domain/bulk-file.ts';
import { InFlight } from './in-flight.ts';
import { sampledRefusalLog } from './http/refusal-log.ts';
import { BoundedReplayMemory, HTTP_LIMITS, guardSlackRequests, limitServer, serverOptions, type HttpLimits, type ReplayMemory } from './http/index.ts';
import { createCredgenicsClient } from './lenders/credgenics/client.ts';
import { setUpLenders, type SandboxLenders } from './lenders/lender-setup.ts';
import { createApolloClient } from './lenders/apollo/client.ts';
import { boltLogger, type Logger } from './log.ts';
import type { Services } from './services.ts';
import { openStore } from './store/index.ts';
import { DEFAULT_WRITE_POLICY, backoffFrom, type WritePolicy } from './domain/write-policy.ts';
import { createOutboxWorker, type OutboxWorker } from './worker/outbox-worker.ts';
import { instanceId } from './worker/instance-id.ts';
import { alertMissingAlerts, MISSING_ALERTS_EVERY_MS } from './usecases/alert-missing.ts';
import { RESUME_EVERY_MS, resumeInterruptedBatches, STALLED_AFTER_MS } from './usecases/bulk-send.ts';
import { checkBotToken } from './bot-token-check.ts';


export interface StartOptions {
  logger: Logger;
  now?: () => Date;
  /** Largest request body accepted on /slack/events, in bytes. */
  bodyLimit?: number;
  /** The worker's pacing (tests shorten the backoff, the settle window and the poll). */
  writePolicy?: Partial<WritePolicy>;
  /** Timeouts and connection cap of the HTTP server (tests shorten them). */
  httpLimits?: Partial<HttpLimits>;
  /** Where the request guard remembers requests it served (default: the store, shared by every instance). */
  replayMemory?: ReplayMemory;
  /** Least time between two updates of a bulk batch's message (default 3 s; tests shorten it). */
  bulkProgressGapMs?: number;
  /** How long a bulk file may take to read before the form is acked, and in all (tests shorten them). */
  bulkRead?: BulkReadTiming;
}

export interface RunningLoanbot {
  /** The HTTP port actually bound (PORT, or the ephemeral one when PORT=0). */
  port: number;
  /** Where Slack sends requests in HTTP mode. */
  eventsUrl: string;
  services: Services;
  worker: OutboxWorker;
  sandbox: SandboxLenders | undefined;
  /** Every command, action and form listener, with the role it declared. */
  listeners(): DeclaredListener[];
  /** Stop taking requests, finish in-flight work (up to `graceMs`), close the sandbox. */
  stop(graceMs?: number): Promise<void>;
}

/** The store answers within a second. */
async function storeReachable(store: { ping(): Promise<void> }): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), 1_000);
  });
  try {
    return await Promise.race([store.ping().then(() => true, () => false), late]);
  } finally {
    clearTimeout(timer);
  }
}

export async function startLoanbot(config: Config, options: StartOptions): Promise<RunningLoanbot> {
  const logger = options.logger;
  await checkBotToken(config.slack, logger);
  // The injected clock (tests) is this instance's own, the store's too. What the instances share (due times,
  // leases, settle windows) is timed by the store: on Postgres by the database server's clock, never this one's.
  const clock = options.now;
  const store = await openStore({
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    ...(clock ? { now: () => clock().getTime() } : {}),
    onClockSkew: ({ offsetMs, roundTripMs }) =>
      logger.warn({ offsetMs, roundTripMs }, `this instance's clock is ${Math.round(Math.abs(offsetMs) / 1000)} s ${offsetMs < 0 ? 'ahead of' : 'behind'} the database's: shared times follow the database, but Slack's request signatures are checked on this clock; set it right (NTP)`),
  });
  const lenders = await setUpLenders(config).catch(async (error: unknown) => {
    await store.close();
    throw error;
  });
  const inFlight = new InFlight();
  let stopping = false;
  const boltLog = boltLogger(logger);
  const socket = config.slack.appToken ? createSocketMode(config, config.slack.appToken, boltLog, logger) : undefined;
  const mode = socket ? 'socket' : 'http';
  // HTTP mode takes Slack traffic once listening; Socket Mode once Slack said hello on the WebSocket.
  const slackConnected = () => socket?.connected() ?? true;

  const metrics = createMetrics({
    logger,
    writeCounts: () => store.outbox.counts(),
    slackConnected: () => slackConnected() && !stopping,
    inFlight: () => inFlight.size,
  });
  // Ready: not stopping, connected to Slack (Socket Mode), and the store answers (Postgres may be down).
  const readiness = async (): Promise<Readiness> => {
    const storeOk = await storeReachable(store);
    return {
      ok: !stopping && slackConnected() && storeOk,
      detail: {
        app: 'loanbot',
        lenders: config.lenders,
        mode,
        slack: stopping ? 'stopping' : slackConnected() ? 'connected' : 'connecting',
        store: storeOk ? store.kind : 'unreachable',
      },
    };
  };
  const routes = opsRoutes(readiness, metrics, logger);

  const bodyLimit = options.bodyLimit ?? 1_000_000;
  const receiver =
    socket?.receiver ??
    new HTTPReceiver({
        signingSecret: config.slack.signingSecret ?? '',
        endpoints: '/slack/events',
        customRoutes: routes,
        logger: boltLog,
        processBeforeResponse: false,
        bodyLimit,
      });

  if (receiver instanceof HTTPReceiver) {
    // HTTPReceiver exposes its request listener; the guard runs in front of it, before Bolt reads the body.
    receiver.requestListener = guardSlackRequests(receiver.requestListener, {
      signingSecret: config.slack.signingSecret ?? '',
      // Several instances share one Postgres: a request served by one is refused by the others too. On SQLite
      // (one instance) a bounded memory in the process does the same without an fsync on every request.
      memory: options.replayMemory ?? (store.kind === 'postgres' ? store.replays : new BoundedReplayMemory()),
      bodyLimit,
      onRefused: sampledRefusalLog(logger),
      onStoreError: (req, error) => logger.error({ err: error, url: req.url, store: store.kind }, 'the store did not answer: a Slack request could not be checked for replays, answered 503'),
      onRetryAcked: (req) => logger.info({ url: req.url, retryNum: req.headers['x-slack-retry-num'] }, 'acked a copy of a request already served; nothing done again'),
    });
  }

  const app = new AckTimedApp(
    {
      token: config.slack.botToken,
      receiver,
      logger: boltLog,
      clientOptions: config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {},
    },
    metrics.observeAck,
  );

  const base = {
    config,
    logger,
    credgenics: createCredgenicsClient({ ...lenders.credgenics, logger, observe: metrics.observeLenderCall }),
    apollo: lenders.apollo ? createApolloClient({ ...lenders.apollo, logger, observe: metrics.observeLenderCall }) : null,
    apolloConfigured: lenders.apollo !== null,
    apolloPartnerTag: lenders.apollo?.partnerTag ?? null,
    store,
    sandbox: config.lenders === 'sandbox',
    now: () => new Date(store.now()),
    ...(options.bulkProgressGapMs !== undefined ? { bulkProgressGapMs: options.bulkProgressGapMs } : {}),
    ...(options.bulkRead ? { bulkRead: options.bulkRead } : {}),
  };
  let homes: HomePublisher | undefined;
  const access = new AccessControl(config.roles, config.channels, async (usergroup) => (await app.client.usergroups.users.list({ usergroup })).users ?? [], logger);
  const openToAll = openRoles(config.roles);
  if (openToAll.length > 0) {
    logger.warn({ openRoles: openToAll }, `roles open to every workspace member (their list is unset): ${openToAll.join(', ')}`);
  }
  const writePolicy: WritePolicy = { ...DEFAULT_WRITE_POLICY, backoffMs: backoffFrom(config.retryBackoffMs), settleMs: config.settleMs, leaseMs: config.leaseMs, ...options.writePolicy };
  const notifier = createSlackNotifier(app.client, base, (write) => void homes?.refresh([write.requestedBy, write.resolvedBy, write.runBy]));
  const worker = createOutboxWorker({ ...base, notifier, policy: writePolicy, owner: instanceId() });
  const services: Services = { ...base, access, notifier, writePolicy, worker };

  // Every listener's work (which goes on after its ack) is tracked so SIGTERM can finish it.
  app.use(async ({ next }) => {
    await inFlight.track(next());
  });
  const listenerRoles = declareListenerRoles(app, services, REFUSAL_WORDS);
  app.use(authorize(services, listenerRoles, REFUSAL_WORDS));
  app.error(async (error) => {
    logger.error({ err: error }, 'unhandled error in a listener');
  });

  homes = createHomePublisher(app.client, services);
  registerViews(app, services, { homes });
  registerCommands(app, services);

  // Socket Mode: /healthz and /metrics answer on PORT (503 until connected) while the app connects.
  const opsServer: OpsServer | undefined = socket ? await startOpsServer(routes, config.port) : undefined;
  const httpLimits = { ...HTTP_LIMITS, ...options.httpLimits };
  let port: number;
  try {
    const started = (receiver instanceof HTTPReceiver ? await app.start(config.port, serverOptions(httpLimits)) : await app.start(config.port)) as Server | undefined;
    if (receiver instanceof HTTPReceiver && started) limitServer(started, httpLimits);
    port = opsServer?.port ?? (started?.address?.() as AddressInfo | null | undefined)?.port ?? config.port;
  } catch (error) {
    await opsServer?.close();
    await Promise.all([lenders.sandbox?.credgenics.close(), lenders.sandbox?.apollo.close()]);
    await store.close();
    throw socket ? explainSocketStartError(error) : error;
  }
  // Writes left by an instance that stopped (or this one, before a restart) are claimed once their lease
  // runs out, and reconciled first; the worker of every instance finds them.
  worker.start();
  const sweepAlerts = () => void inFlight.track(alertMissingAlerts(services, store.now()).catch((error: unknown) => logger.error({ err: error }, 'posting missing alerts failed')));
  sweepAlerts();
  const alertSweeps = setInterval(() => {
    if (!stopping) sweepAlerts();
  }, MISSING_ALERTS_EVERY_MS);
  alertSweeps.unref();
  const resumeBatches = (stalledAfterMs: number) =>
    void inFlight.track(resumeInterruptedBatches(services, { stalledAfterMs, now: store.now() }).catch((error: unknown) => logger.error({ err: error }, 'resuming bulk batches failed')));
  resumeBatches(0);
  const batchSweeps = setInterval(() => {
    if (!stopping) resumeBatches(STALLED_AFTER_MS);
  }, RESUME_EVERY_MS);
  batchSweeps.unref();
  logger.info({ port, lenders: config.lenders, mode, store: store.kind }, 'loanbot is ready');

  return {
    port,
    eventsUrl: `http://127.0.0.1:${port}/slack/events`,
    services,
    worker,
    sandbox: lenders.sandbox,
    listeners: () => listenerRoles.list(),
    async stop(graceMs = 10_000) {
      stopping = true;
      clearInterval(alertSweeps);
      clearInterval(batchSweeps);
      const closing = (socket ? socket.disconnect() : app.stop()).catch((error: unknown) => logger.warn({ err: error }, 'stopping the receiver failed'));
      const deadline = Date.now() + graceMs;
      const [workerDone, finished] = await Promise.all([worker.stop(graceMs), inFlight.drain(graceMs)]);
      if (!workerDone) logger.warn({ writes: worker.busy }, 'writes still with a lender at shutdown: their leases run out and they are reconciled on the next claim');
      if (!finished) logger.warn({ pending: inFlight.size, leftMs: deadline - Date.now() }, 'in-flight work did not finish before shutdown');
      await closing;
      await opsServer?.close();
      await Promise.all([lenders.sandbox?.credgenics.close(), lenders.sandbox?.apollo.close()]);
      await store.close();
    },
  };
}
