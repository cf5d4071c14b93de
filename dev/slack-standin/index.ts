/**
 * The Slack stand-in: a loopback HTTP server that plays Slack's Web API for the app's WebClient
 * and drives the app (slash commands, clicks, modals, events) with correctly signed requests.
 *
 *   const slack = await startSlackStandin({ signingSecret, botToken });
 *   new App({ signingSecret, token: botToken, clientOptions: { slackApiUrl: slack.apiUrl } });
 *   slack.setAppUrl(`http://127.0.0.1:${appPort}/slack/events`);
 *   await slack.slashCommand({ text: 'loan L-1001' });
 */
import type { EventEmitter } from 'node:events';
import { AppTransport, type RawRequest } from './app-transport.ts';
import { SlackDriver, type ClickInput, type CloseInput, type RetryOption, type SelectInput, type SlashCommandInput } from './driver.ts';
import { compareTs } from './message-store.ts';
import type { DownloadAnswer, StoredFile } from './file-store.ts';
import { startServer } from './server.ts';
import { StandinState } from './state.ts';
import type {
  CallRecord, DriverResult, JsonObject, SentRequest, StandinEvents, StandinLog, StoredMessage, StoredView, SubmitResult,
  TriggerUse, ViewErrors, Violation,
} from './types.ts';
import type { DisconnectReason } from './socket-mode.ts';
import { submitView, type SubmitInput } from './view-submission.ts';
import { matchesMessage, matchesView, waitFor, type Found, type MessageMatcher, type ViewMatcher, type WaitOptions } from './wait.ts';
import {
  buildWorkspace, findChannel, findUserGroup, requireChannel, requireUser,
  type Workspace, type WorkspaceChannel, type WorkspaceInput, type WorkspaceUser, type WorkspaceUserGroup,
} from './workspace.ts';

export interface SlackStandinOptions {
  signingSecret: string;
  botToken: string;
  /** The app-level token (`xapp-…`) `apps.connections.open` accepts; default: any `xapp-` token. */
  appToken?: string;
  /** How long a trigger_id stays exchangeable; Slack: 3000. */
  triggerTtlMs?: number;
  /** Overrides of the seeded workspace (team, bot, users, channels, user groups, defaults). */
  workspace?: WorkspaceInput;
  log?: StandinLog;
  /** Port to listen on (127.0.0.1); default: ephemeral. */
  port?: number;
  /** Give up on the app's answer after this long; default 10000 ms. */
  requestTimeoutMs?: number;
  /** Clock (ms) for trigger ages, response_url expiry and ts; default Date.now. */
  now?: () => number;
}

export interface MessageQuery {
  /** Include ephemeral messages (to anyone). */
  includeEphemeral?: boolean;
  /** Only messages with a ts greater than this one. */
  since?: string;
}

export interface MessageWaitOptions extends WaitOptions, MessageQuery {}

export class SlackStandin {
  readonly url: string;
  readonly apiUrl: string;
  private readonly driver: SlackDriver;
  private readonly transport: AppTransport;

  constructor(
    private readonly s: StandinState,
    private readonly closeServer: () => Promise<void>,
    signingSecret: string,
    requestTimeoutMs: number,
  ) {
    this.url = s.baseUrl;
    this.apiUrl = `${s.baseUrl}/api/`;
    this.transport = new AppTransport(s, signingSecret, requestTimeoutMs);
    this.driver = new SlackDriver(s, this.transport);
  }

  get workspace(): Workspace { return this.s.workspace; }
  get events(): EventEmitter<StandinEvents> { return this.s.events; }
  get calls(): CallRecord[] { return this.s.calls; }
  get violations(): Violation[] { return this.s.violations; }
  get triggerUses(): TriggerUse[] { return this.s.triggers.uses; }
  get viewErrors(): ViewErrors[] { return this.s.viewErrors; }
  get appUrl(): string | undefined { return this.s.appUrl; }

  /** Where to send commands/interactions/events, e.g. `http://127.0.0.1:3000/slack/events`. */
  setAppUrl(url: string): void { this.s.appUrl = url; }
  /** From now on, deliver commands, interactions and events as envelopes over the app's Socket Mode connection. */
  useSocketMode(): void { this.s.delivery = 'socket'; }
  get delivery(): 'http' | 'socket' { return this.s.delivery; }

  // ── Socket Mode ──────────────────────────────────────────────────
  /** Connections that got `hello` and were not asked to disconnect. */
  get socketConnections(): number { return this.s.socketMode.readyCount; }
  /** How many Socket Mode connections were ever opened (each reconnect opens one). */
  get socketConnectionsOpened(): number { return this.s.socketMode.opened; }
  waitForSocketConnection(timeoutMs = 10_000): Promise<void> { return this.s.socketMode.waitForReady(timeoutMs); }
  /** Slack's `disconnect` message to every connection; resolves once the app has closed them. */
  disconnectSocket(reason?: DisconnectReason): Promise<void> { return this.s.socketMode.disconnect(reason); }
  /** One raw frame on every ready connection (e.g. an oversized one); each connection's close code, or `open`. */
  sendRawSocketFrame(data: Buffer | string, waitMs = 2_000): Promise<(number | 'open')[]> { return this.s.socketMode.sendRawFrame(data, waitMs); }

  // ── driving the app ──────────────────────────────────────────────
  slashCommand(input: SlashCommandInput = {}): Promise<DriverResult> { return this.driver.slashCommand(input); }
  clickButton(input: ClickInput): Promise<DriverResult> { return this.driver.clickButton(input); }
  selectOption(input: SelectInput): Promise<DriverResult> { return this.driver.selectOption(input); }
  submitView(input: SubmitInput = {}): Promise<SubmitResult> { return submitView(this.driver, input); }
  closeView(input: CloseInput = {}): Promise<DriverResult> { return this.driver.closeView(input); }
  sendEvent(event: JsonObject, opts: RetryOption = {}): Promise<DriverResult> { return this.driver.sendEvent(event, opts); }
  openHome(userId?: string, opts: RetryOption = {}): Promise<DriverResult> { return this.driver.openHome(userId, opts); }
  /** Sends `request` again, byte for byte, with `X-Slack-Retry-Num` (the ack is not interpreted again). */
  resend(request: SentRequest, retryNum: number, retryReason = 'http_timeout'): Promise<DriverResult> {
    return this.transport.resend(request, retryNum, retryReason);
  }
  /** Any body, signed or not (`sign: false`, or a wrong secret / old timestamp), for security tests. */
  sendRaw(req: RawRequest): Promise<DriverResult> { return this.transport.raw(req); }
  /** A trigger_id for `userId` as if they had just interacted; `ageMs` backdates it. */
  issueTriggerId(userId?: string, opts: { ageMs?: number } = {}): string {
    const user = requireUser(this.s.workspace, userId ?? this.s.workspace.defaultUserId);
    return this.s.triggers.issue(user.id, this.s.now() - (opts.ageMs ?? 0)).id;
  }
  /** A response_url as if `userId` had run a command in `channelId`. */
  issueResponseUrl(opts: { userId?: string; channelId?: string } = {}): string {
    const user = requireUser(this.s.workspace, opts.userId ?? this.s.workspace.defaultUserId);
    const channel = requireChannel(this.s.workspace, opts.channelId ?? this.s.workspace.defaultChannelId);
    return this.s.mintResponseUrl({ channelId: channel.id, userId: user.id }).url;
  }

  // ── state ─────────────────────────────────────────────────────────
  resolveUser(ref: string): WorkspaceUser { return requireUser(this.s.workspace, ref); }
  resolveChannel(ref: string): WorkspaceChannel { return requireChannel(this.s.workspace, ref); }
  resolveUserGroup(ref: string): WorkspaceUserGroup | undefined { return findUserGroup(this.s.workspace, ref); }
  private channelId(ref: string): string { return findChannel(this.s.workspace, ref)?.id ?? ref; }
  private userId(ref: string | undefined): string {
    return ref === undefined ? this.s.workspace.defaultUserId : requireUser(this.s.workspace, ref).id;
  }

  /** Channel history, oldest first (ephemerals only when asked). Accepts `#name`. */
  messages(channelId: string, opts: MessageQuery = {}): StoredMessage[] {
    const list = this.s.messages.list(this.channelId(channelId), { includeEphemeral: opts.includeEphemeral === true });
    const since = opts.since;
    return since === undefined ? list : list.filter((m) => compareTs(m.ts, since) > 0);
  }
  lastMessage(channelId: string, opts: MessageQuery = {}): StoredMessage | undefined { return this.messages(channelId, opts).at(-1); }
  /** Parent then replies. */
  thread(channelId: string, ts: string): StoredMessage[] { return this.s.messages.thread(this.channelId(channelId), ts); }
  /** Ephemeral messages shown to a user, in all channels, oldest first. */
  ephemerals(userId?: string): StoredMessage[] { return this.s.messages.ephemerals(this.userId(userId)); }
  allMessages(): StoredMessage[] { return this.s.messages.all(); }
  /** The user's modal stack, root first, top last. */
  openViews(userId?: string): StoredView[] { return this.s.views.stack(this.userId(userId)); }
  topView(userId?: string): StoredView | undefined { return this.s.views.top(this.userId(userId)); }
  homeView(userId?: string): StoredView | undefined { return this.s.views.home(this.userId(userId)); }
  findView(viewId: string): StoredView | undefined { return this.s.views.find(viewId); }

  // ── waiting ───────────────────────────────────────────────────────
  waitFor<T>(predicate: () => T | undefined | null | false, opts: WaitOptions = {}): Promise<Found<T>> {
    return waitFor(this.s.events, predicate, opts);
  }
  /** The newest message in the channel matching `match` (substring / RegExp of its readable text, or a predicate). */
  waitForMessage(channelId: string, match?: MessageMatcher, opts: MessageWaitOptions = {}): Promise<StoredMessage> {
    const description = opts.description ?? `message in ${channelId} matching ${String(match ?? 'anything')}`;
    return this.waitFor(() => this.messages(channelId, opts).reverse().find((m) => matchesMessage(m, match)), { ...opts, description });
  }
  waitForEphemeral(userId: string, match?: MessageMatcher, opts: MessageWaitOptions = {}): Promise<StoredMessage> {
    const description = opts.description ?? `ephemeral to ${userId} matching ${String(match ?? 'anything')}`;
    return this.waitFor(
      () => this.ephemerals(userId).reverse().find((m) => (opts.since === undefined || compareTs(m.ts, opts.since) > 0) && matchesMessage(m, match)),
      { ...opts, description },
    );
  }
  /** The user's top modal once it matches (callback_id, RegExp over it, or predicate). */
  waitForView(userId?: string, match?: ViewMatcher, opts: WaitOptions = {}): Promise<StoredView> {
    const description = opts.description ?? `top view of ${userId ?? 'default user'} matching ${String(match ?? 'anything')}`;
    return this.waitFor(() => {
      const top = this.topView(userId);
      return top && matchesView(top, match) ? top : undefined;
    }, { ...opts, description });
  }
  waitForHome(userId?: string, match?: ViewMatcher, opts: WaitOptions = {}): Promise<StoredView> {
    return this.waitFor(() => {
      const home = this.homeView(userId);
      return home && matchesView(home, match) ? home : undefined;
    }, { description: `home view of ${userId ?? 'default user'}`, ...opts });
  }
  waitForCall(method: string, match?: (c: CallRecord) => boolean, opts: WaitOptions = {}): Promise<CallRecord> {
    return this.waitFor(() => [...this.s.calls].reverse().find((c) => c.method === method && (!match || match(c))), {
      description: `a ${method} call`,
      ...opts,
    });
  }

  // ── files ─────────────────────────────────────────────────────────
  /** A file a person uploaded (to pick in a file_input): its id. */
  uploadFile(name: string, bytes: Buffer | string, userId?: string): string {
    return this.s.files.add({ name, user: this.userId(userId), bytes: typeof bytes === 'string' ? Buffer.from(bytes) : bytes, now: this.s.now() }).id;
  }
  /**
   * The GET of this file's url_private_download is answered by `answer` instead (a file host that
   * misbehaves: a redirect, an endless body); the call is still recorded as `files.download`.
   */
  answerDownload(fileId: string, answer: DownloadAnswer): void {
    const file = this.s.files.get(fileId);
    if (!file) throw new Error(`slack-standin: no file ${fileId}`);
    file.answer = answer;
  }
  /** Make a file unreadable (Slack answers the download with its sign-in page). */
  deleteFile(fileId: string): boolean { return this.s.files.remove(fileId); }
  /** Files the app uploaded and shared, in upload order. */
  sharedFiles(channelId?: string): StoredFile[] {
    return this.s.files.all().filter((f) => f.shares.length > 0 && (channelId === undefined || f.shares.some((sh) => sh.channel === this.channelId(channelId))));
  }

  /** Throws listing every Block Kit violation recorded so far. */
  assertNoViolations(): void {
    if (this.s.violations.length === 0) return;
    const lines = this.s.violations.map((v) => `${v.method}:\n  ${v.problems.join('\n  ')}`);
    throw new Error(`slack-standin: ${this.s.violations.length} Block Kit violation(s):\n${lines.join('\n')}`);
  }

  /** Forget calls, messages, views, triggers, response URLs; keep the workspace and app URL. */
  reset(): void { this.s.reset(); }
  close(): Promise<void> { return this.closeServer(); }
}

export async function startSlackStandin(opts: SlackStandinOptions): Promise<SlackStandin> {
  const state = new StandinState({
    workspace: buildWorkspace(opts.workspace),
    botToken: opts.botToken,
    appToken: opts.appToken,
    now: opts.now ?? Date.now,
    triggerTtlMs: opts.triggerTtlMs,
    log: opts.log,
  });
  const server = await startServer(state, opts.port ?? 0);
  state.baseUrl = server.baseUrl;
  return new SlackStandin(state, server.close, opts.signingSecret, opts.requestTimeoutMs ?? 10_000);
}

export type { RawRequest, SignOption } from './app-transport.ts';
export type { DownloadAnswer, StoredFile } from './file-store.ts';
export type { ClickInput, CloseInput, RetryOption, SelectInput, SlashCommandInput } from './driver.ts';
export type { SubmitInput } from './view-submission.ts';
export type { DisconnectReason } from './socket-mode.ts';
export type { InputValue } from './view-state.ts';
export type { MessageMatcher, ViewMatcher, WaitOptions } from './wait.ts';
export type * from './types.ts';
export type { Workspace, WorkspaceChannel, WorkspaceInput, WorkspaceUser, WorkspaceUserGroup } from './workspace.ts';
export { defaultWorkspace, findChannel, findUser, findUserGroup } from './workspace.ts';
export { compareTs } from './message-store.ts';
export { checkMessage, checkView } from './block-kit-limits.ts';
export { filetypeOf } from './files.ts';
export { signSlackRequest, verifySlackRequest } from './signer.ts';
export { blockLines, interactiveElements, readableText, textOf, type FoundElement } from './blocks.ts';
