/**
 * Socket Mode (`SLACK_APP_TOKEN` set): Bolt's SocketModeReceiver, with `apps.connections.open` sent to
 * `SLACK_API_URL` like every other Web API call, and the connection's state kept for /healthz and /metrics.
 * Bolt's Socket Mode client reconnects by itself when Slack sends `disconnect` or the socket drops.
 *
 * A frame larger than MAX_FRAME_BYTES (what the HTTP guard allows a body) drops the connection as its header
 * arrives, before its payload is read (undici's default is 128 MB: a 90 MB frame was read whole); the client
 * then reconnects. The WebSocket's dispatcher is loanbot's for that, and does what the client's own does:
 * HTTP/1.1 only, and the socket destroyed when the client cleans a connection up (a stalled peer).
 */
import type { Socket } from 'node:net';
import { SocketModeReceiver, type Logger as BoltLogger } from '@slack/bolt';
import { Agent, buildConnector } from 'undici';
import type { Config } from './config.ts';
import type { Logger } from './log.ts';

export interface SocketMode {
  receiver: SocketModeReceiver;
  /** True between Slack's `hello` and the socket closing. */
  connected(): boolean;
  /** Close the WebSocket (no reconnect). */
  disconnect(): Promise<void>;
}

/** Slack's answers to `apps.connections.open` that no retry can fix (the app-level token is wrong). */
const REFUSED = new Set(['not_authed', 'invalid_auth', 'account_inactive', 'token_revoked', 'not_allowed_token_type', 'user_removed_from_team', 'team_disabled']);

/** A start that failed because Slack refused the app-level token says so, naming the variable. */
export function explainSocketStartError(error: unknown): unknown {
  const code = (error as { data?: { error?: unknown } } | null)?.data?.error;
  if (typeof code === 'string' && REFUSED.has(code)) {
    return new Error(`Slack refused SLACK_APP_TOKEN (${code}): apps.connections.open needs an app-level token (xapp-…) with connections:write`, { cause: error });
  }
  return error;
}

/** The largest Socket Mode frame read: the HTTP guard's body limit. */
export const MAX_FRAME_BYTES = 1_000_000;

/** A dispatcher capping frames at `maxFrameBytes`, and the sockets it opened (to destroy on cleanup). */
function frameCappedDispatcher(maxFrameBytes: number): { dispatcher: Agent; sockets: Set<Socket> } {
  const sockets = new Set<Socket>();
  const connect = buildConnector({ allowH2: false });
  const dispatcher = new Agent({
    webSocket: { maxPayloadSize: maxFrameBytes },
    connect: (options, callback) => {
      connect(options, (error, socket) => {
        if (!socket) {
          callback(error ?? new Error('Socket Mode connector returned no socket'), null);
          return;
        }
        sockets.add(socket as Socket);
        socket.once('close', () => sockets.delete(socket as Socket));
        callback(null, socket);
      });
    },
  });
  return { dispatcher, sockets };
}

export function createSocketMode(config: Config, appToken: string, boltLog: BoltLogger, logger: Logger, maxFrameBytes = MAX_FRAME_BYTES): SocketMode {
  const { dispatcher, sockets } = frameCappedDispatcher(maxFrameBytes);
  const receiver = new SocketModeReceiver({
    appToken,
    logger: boltLog,
    dispatcher,
    installerOptions: { clientOptions: config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {} },
  });
  const client = receiver.client;
  // The client emits `close` once it has cleaned a connection up; its socket goes too (a stalled peer's included).
  client.on('close', () => {
    for (const socket of sockets) socket.destroy();
  });
  let connected = false;
  let disconnecting = false;
  client.on('connected', () => {
    connected = true;
    logger.info('Socket Mode: connected');
  });
  for (const state of ['close', 'reconnecting', 'disconnected'] as const) {
    client.on(state, () => {
      if (connected && !disconnecting) logger.warn({ state }, 'Socket Mode: connection lost, reconnecting');
      connected = false;
    });
  }
  return {
    receiver,
    connected: () => connected,
    async disconnect() {
      disconnecting = true;
      // The client waits for Slack's half of the close handshake (up to 30 s): not longer than 3 s here.
      let timer: NodeJS.Timeout | undefined;
      const giveUp = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, 3_000);
      });
      await Promise.race([client.disconnect(), giveUp]);
      clearTimeout(timer);
    },
  };
}
