/**
 * Shared data shapes of the Slack stand-in: what it stores (messages, views), what it records
 * (Web API calls, Block Kit violations, trigger uses) and what its driver returns.
 */
import type { AnyBlock } from '@slack/types';

export type SlackBlock = AnyBlock;

/** A loose JSON object, as the app sends it. The stand-in never trusts its shape. */
export type JsonObject = Record<string, unknown>;

/** Optional logger; the stand-in never writes to the console itself. */
export type StandinLog = (msg: string, extra?: object) => void;

export type MessageVia = 'api' | 'response_url' | 'ack';

export interface MessageVersion {
  text: string;
  blocks: SlackBlock[];
  at: number;
  via: MessageVia;
}

/** A message as stored in a channel. `versions` holds every version, oldest first; the last one is current. */
export interface StoredMessage {
  ts: string;
  channel: string;
  thread_ts?: string;
  /** Set for messages from a user (not used by the bot's own messages). */
  user?: string;
  /** Set for the bot's messages. */
  bot_id?: string;
  text: string;
  blocks: SlackBlock[];
  attachments?: unknown[];
  metadata?: unknown;
  /** Set when only this user can see the message. */
  ephemeralTo?: string;
  via: MessageVia;
  versions: MessageVersion[];
}

export interface PlainText {
  type: 'plain_text';
  text: string;
  emoji?: boolean;
}

/** One stored state entry, as Slack puts it under `view.state.values[block_id][action_id]`. */
export type StateValue = { type: string } & JsonObject;
export type StateValues = Record<string, Record<string, StateValue>>;

/** A view (modal or home tab) as Slack stores it and returns it from views.* methods. */
export interface StoredView {
  id: string;
  team_id: string;
  app_id: string;
  bot_id: string;
  /** The user the view is shown to. */
  user_id: string;
  type: 'modal' | 'home';
  title?: PlainText;
  submit?: PlainText;
  close?: PlainText;
  blocks: SlackBlock[];
  callback_id: string;
  private_metadata: string;
  external_id: string;
  notify_on_close: boolean;
  clear_on_close: boolean;
  hash: string;
  root_view_id: string | null;
  previous_view_id: string | null;
  state: { values: StateValues };
}

export interface CallRecord {
  /** Web API method name, or `response_url` for posts to a response URL. */
  method: string;
  args: JsonObject;
  at: number;
  ok: boolean;
  error?: string;
}

export interface Violation {
  /** Where the offending payload came from: a Web API method, `response_url`, or an ack (`slash_command.ack`, `view_submission.ack`). */
  method: string;
  problems: string[];
  at: number;
}

/** Errors a modal showed after a submission (`response_action: 'errors'` or Slack's client checks). */
export interface ViewErrors {
  userId: string;
  viewId: string;
  callbackId: string;
  errors: Record<string, string>;
  source: 'app' | 'client';
  at: number;
}

export interface TriggerUse {
  triggerId: string;
  method: string;
  ageMs: number;
  ok: boolean;
  error?: string;
}

export type ViewAction = 'opened' | 'updated' | 'pushed' | 'closed' | 'cleared' | 'published' | 'errors';

export interface StandinEvents {
  message: [{ message: StoredMessage; updated: boolean; deleted: boolean }];
  view: [{ userId: string; action: ViewAction; view: StoredView; errors?: Record<string, string> }];
  home: [{ userId: string; view: StoredView }];
  call: [CallRecord];
  violation: [Violation];
}

/** A request the driver sent to the app; hand it to `resend()` to imitate a Slack retry. */
export interface SentRequest {
  kind: 'slash_command' | 'block_actions' | 'view_submission' | 'view_closed' | 'event_callback' | 'raw';
  url: string;
  contentType: string;
  body: string;
  /** Extra (unsigned) headers sent with the request. */
  headers: Record<string, string>;
  /** The parsed payload (for form bodies: the fields, or the `payload` JSON). */
  payload: JsonObject;
}

export interface DriverResult {
  /** False when nothing was sent to the app (e.g. Slack's client blocked a submission, or a close without notify_on_close). */
  sent: boolean;
  /** HTTP status of the app's answer; 0 when nothing was sent (e.g. Slack's client blocked the submission). */
  status: number;
  body: string;
  json?: unknown;
  /** Milliseconds from sending the request to receiving the whole answer. */
  ackMs: number;
  /** True when Slack would have given up waiting (no answer within 3 s). */
  lateAck: boolean;
  request?: SentRequest;
  /** Set when the request went over Socket Mode: the envelope the app acked. */
  envelopeId?: string;
  triggerId?: string;
  responseUrl?: string;
}

export type SubmitOutcome = 'closed' | 'cleared' | 'errors' | 'updated' | 'pushed' | 'failed' | 'blocked';

export interface SubmitResult extends DriverResult {
  outcome: SubmitOutcome;
  /** Errors shown in the modal: from `response_action: 'errors'`, or Slack's own client-side checks (`outcome: 'blocked'`). */
  errors?: Record<string, string>;
  /** Problems with the app's answer (bad view, bad response_action); also recorded in `violations`. */
  problems?: string[];
  /** The user's top view after the submission was handled, if any. */
  viewAfter?: StoredView;
}
