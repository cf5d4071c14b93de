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
import { authorize } from '../commands/authorize.ts';
import { AccessControl } from './usecases/access.ts';
import { openRoles } from './domain/roles.ts';
import { registerViews } from '../views/index.ts';
import type { Config } from './config.ts';
import { InFlight } from './in-flight.ts';
import { ReplayGuard, guardSlackRequests } from './http/slack-request-guard.ts';
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
  /** Stop taking requests, finish in-flight work (up to `graceMs`), close the sandbox. */
  stop(graceMs?: number): Promise<void>;
}

export async function startLoanbot(config: Config, options: StartOptions): Promise<RunningLoanbot> {
  const logger = options.logger;
  const lenders = await setUpLenders(config);
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
  const readiness = (): Readiness => ({
    ok: !stopping && slackConnected(),
    detail: { app: 'loanbot', lenders: config.lenders, mode, slack: stopping ? 'stopping' : slackConnected() ? 'connected' : 'connecting' },
  });
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
      guard: new ReplayGuard(),
      bodyLimit,
      onRefused: (req, why) => logger.warn({ url: req.url, why }, 'refused a Slack request'),
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

  const store = openStore({ dataDir: config.dataDir });
  const base = {
    config,
    logger,
    credgenics: createCredgenicsClient({ ...lenders.credgenics, logger, observe: metrics.observeLenderCall }),
    apollo: lenders.apollo ? createApolloClient({ ...lenders.apollo, logger, observe: metrics.observeLenderCall }) : null,
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
  app.use(authorize(services));
  app.error(async (error) => {
    logger.error({ err: error }, 'unhandled error in a listener');
  });

  homes = createHomePublisher(app.client, services);
  registerAppHome(app, services, homes);
  const viewRoutes = registerViews(app, services);
  registerCommands(app, services, viewRoutes);

  // Socket Mode: /healthz and /metrics answer on PORT (503 until connected) while the app connects.
  const opsServer: OpsServer | undefined = socket ? await startOpsServer(routes, config.port) : undefined;
  let port: number;
  try {
    const started = (await app.start(config.port)) as Server | undefined;
    port = opsServer?.port ?? (started?.address?.() as AddressInfo | null | undefined)?.port ?? config.port;
  } catch (error) {
    await opsServer?.close();
    await Promise.all([lenders.sandbox?.credgenics.close(), lenders.sandbox?.apollo.close()]);
    await store.close();
    throw socket ? explainSocketStartError(error) : error;
  }
  logger.info({ port, lenders: config.lenders, mode }, 'loanbot is ready');
  // Writes a crash left behind: reconciled (payments) or alerted, never silently lost or sent twice.
  void inFlight.track(resumeUnfinishedWrites(services).catch((error: unknown) => logger.error({ err: error }, 'resuming unfinished writes failed')));

  return {
    port,
    eventsUrl: `http://127.0.0.1:${port}/slack/events`,
    services,
    sandbox: lenders.sandbox,
    async stop(graceMs = 10_000) {
      stopping = true;
      const closing = (socket ? socket.disconnect() : app.stop()).catch((error: unknown) => logger.warn({ err: error }, 'stopping the receiver failed'));
      const finished = await inFlight.drain(graceMs);
      if (!finished) logger.warn({ pending: inFlight.size }, 'in-flight work did not finish before shutdown');
      await closing;
      await opsServer?.close();
      await Promise.all([lenders.sandbox?.credgenics.close(), lenders.sandbox?.apollo.close()]);
      await store.close();
    },
  };
}
