/**
 * What `GET /metrics` shows (Prometheus text format, every name prefixed `loanbot_`): how fast Slack is
 * acked, how the lenders answer, and the outbox as the store sees it. Labels are bounded and PII-free:
 * never a loan id, a user id or a lender's message.
 *
 * One registry per running app (tests run several in one process), not prom-client's global one.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { LenderCall } from './lenders/lender-calls.ts';
import type { Logger } from './log.ts';
import { WRITE_STATES, type WriteState } from './store/types.ts';

/** The kind of Slack request an ack answered (from its body), a fixed set. */
export type AckKind = 'command' | 'action' | 'view_submission' | 'view_closed' | 'options' | 'shortcut' | 'event' | 'other';

export interface MetricsSources {
  logger: Logger;
  /** Writes by state, for the whole deployment (read at scrape time). */
  writeCounts: () => Promise<Record<WriteState, number>>;
  /** 1 when Slack traffic can arrive (HTTP mode: listening; Socket Mode: connected). */
  slackConnected: () => boolean;
  /** Listener work still running after its ack. */
  inFlight: () => number;
}

export interface Metrics {
  observeAck(kind: AckKind, seconds: number): void;
  observeLenderCall(call: LenderCall): void;
  /** The exposition text, and its content type. */
  scrape(): Promise<{ contentType: string; body: string }>;
}

const PREFIX = 'loanbot_';

/** Slack gives up on an ack after 3 s; the buckets are finer below that. */
const ACK_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5];
/** Lender timeouts default to 10 s. */
const LENDER_BUCKETS = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20];

export function createMetrics(sources: MetricsSources): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: PREFIX });

  const acks = new Histogram({
    name: `${PREFIX}slack_ack_duration_seconds`,
    help: 'From Bolt receiving a Slack request to its ack (HTTP response or Socket Mode ack), by kind of request.',
    labelNames: ['kind'],
    buckets: ACK_BUCKETS,
    registers: [registry],
  });
  const lenderCalls = new Histogram({
    name: `${PREFIX}lender_request_duration_seconds`,
    help: 'Calls to a lender, by lender, operation and HTTP status (or timeout, network, malformed). Credgenics read retries count in one call.',
    labelNames: ['lender', 'operation', 'status'],
    buckets: LENDER_BUCKETS,
    registers: [registry],
  });
  const tokenRequests = new Counter({
    name: `${PREFIX}apollo_token_requests_total`,
    help: 'OAuth token requests sent to Apollo, by HTTP status (or timeout, network, malformed).',
    labelNames: ['status'],
    registers: [registry],
  });
  const logger = sources.logger;
  // Both gauges below are collected together on each scrape: they share one store query.
  let counting: Promise<Record<WriteState, number>> | undefined;
  const writeCounts = () =>
    (counting ??= sources.writeCounts().finally(() => {
      counting = undefined;
    }));
  new Gauge({
    name: `${PREFIX}writes`,
    help: 'Lender writes in the outbox by state, for the whole deployment (read from the store at scrape time).',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      try {
        const counts = await writeCounts();
        for (const state of WRITE_STATES) this.set({ state }, counts[state]);
      } catch (error) {
        logger.warn({ err: error }, 'metrics: reading write counts from the store failed');
      }
    },
  });
  new Gauge({
    name: `${PREFIX}open_alerts`,
    help: 'Failed writes waiting for a Retry or a Dismiss (each has an alert in Slack), for the whole deployment.',
    registers: [registry],
    async collect() {
      try {
        this.set((await writeCounts()).failed);
      } catch {
        // logged by loanbot_writes
      }
    },
  });
  new Gauge({
    name: `${PREFIX}slack_connected`,
    help: '1 when this instance can take Slack traffic (HTTP: listening; Socket Mode: connected), else 0.',
    registers: [registry],
    collect() {
      this.set(sources.slackConnected() ? 1 : 0);
    },
  });
  new Gauge({
    name: `${PREFIX}in_flight_work`,
    help: 'Listener work of this instance still running after its ack (lender calls, posts).',
    registers: [registry],
    collect() {
      this.set(sources.inFlight());
    },
  });

  return {
    observeAck(kind, seconds) {
      acks.observe({ kind }, seconds);
    },
    observeLenderCall(call) {
      lenderCalls.observe({ lender: call.lender, operation: call.operation, status: call.status }, call.seconds);
      if (call.lender === 'apollo' && call.operation === 'get_token') tokenRequests.inc({ status: call.status });
    },
    async scrape() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}

/** The kind of a Slack request, from the body Bolt parsed. */
export function ackKindOf(body: Record<string, unknown>): AckKind {
  if (typeof body['command'] === 'string') return 'command';
  switch (body['type']) {
    case 'block_actions':
    case 'interactive_message':
      return 'action';
    case 'view_submission':
      return 'view_submission';
    case 'view_closed':
      return 'view_closed';
    case 'block_suggestion':
      return 'options';
    case 'shortcut':
    case 'message_action':
      return 'shortcut';
    case 'event_callback':
      return 'event';
    default:
      return 'other';
  }
}
