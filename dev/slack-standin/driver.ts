/**
 * Driving the app as Slack would: slash commands, button clicks, select changes, closing modals,
 * events. View submissions live in view-submission.ts.
 */
import { checkMessage } from './block-kit-limits.ts';
import { interactiveElements, isObj, type FoundElement } from './blocks.ts';
import type { AppTransport } from './app-transport.ts';
import { blockActionsPayload, eventCallback, slashCommandFields, viewClosedPayload, type ActionTarget } from './payloads.ts';
import type { StandinState } from './state.ts';
import type { DriverResult, JsonObject, StoredMessage, StoredView } from './types.ts';
import { buildStateValues, stateValueFor, type InputValue } from './view-state.ts';
import { toSlackView } from './view-store.ts';
import { dmChannel, requireChannel, requireUser, type WorkspaceChannel, type WorkspaceUser } from './workspace.ts';

export interface RetryOption {
  /** Send with `X-Slack-Retry-Num` / `X-Slack-Retry-Reason: http_timeout`, as Slack does when retrying. */
  retryNum?: number;
}

export interface SlashCommandInput extends RetryOption {
  text?: string;
  /** User id or `@name`; default: the workspace's default user. */
  userId?: string;
  /** Channel id or `#name`; default: the workspace's default channel. */
  channelId?: string;
  command?: string;
}

export interface ElementInput extends RetryOption {
  userId?: string;
  channelId?: string;
  /** Look in this message (in `channelId`). */
  messageTs?: string;
  /** Look in this view (modal or home tab). */
  viewId?: string;
  actionId: string;
  blockId?: string;
}

export interface ClickInput extends ElementInput {
  /** Pick the button with this value when several share the action_id. */
  value?: string;
}

export interface SelectInput extends ElementInput {
  /** Option value (or text, case-insensitive); string[] for multi-selects and checkboxes; user/channel refs for pickers. */
  value: InputValue;
}

export interface CloseInput {
  userId?: string;
  viewId?: string;
}

type Located = { found: FoundElement; target: ActionTarget };

export class SlackDriver {
  constructor(
    readonly s: StandinState,
    readonly transport: AppTransport,
  ) {}

  user(ref?: string): WorkspaceUser {
    return requireUser(this.s.workspace, ref ?? this.s.workspace.defaultUserId);
  }

  channel(ref?: string): WorkspaceChannel {
    return requireChannel(this.s.workspace, ref ?? this.s.workspace.defaultChannelId);
  }

  async slashCommand(input: SlashCommandInput): Promise<DriverResult> {
    const user = this.user(input.userId);
    const channel = this.channel(input.channelId);
    const trigger = this.s.triggers.issue(user.id);
    const rurl = this.s.mintResponseUrl({ channelId: channel.id, userId: user.id });
    const fields = slashCommandFields(this.s, {
      user, channel, command: input.command ?? '/loan', text: input.text ?? '', responseUrl: rurl.url, triggerId: trigger.id,
    });
    const res = await this.transport.send(this.transport.form('slash_command', fields), { retryNum: input.retryNum });
    if (res.status === 200 && !res.lateAck) this.storeSlashAck(res, user, channel);
    return { ...res, triggerId: trigger.id, responseUrl: rurl.url };
  }

  /** Slack shows a non-empty slash-command ack as a message: JSON `{text, blocks, response_type}` or plain text. */
  private storeSlashAck(res: DriverResult, user: WorkspaceUser, channel: WorkspaceChannel): void {
    if (res.body.trim() === '') return;
    const ack: JsonObject = isObj(res.json) ? res.json : { text: res.body };
    if (ack['text'] === undefined && ack['blocks'] === undefined) return;
    const problems = checkMessage(ack);
    if (problems.length > 0) {
      this.s.recordViolation('slash_command.ack', problems);
      return;
    }
    this.s.messages.add({
      channel: channel.id,
      text: typeof ack['text'] === 'string' ? ack['text'] : '',
      blocks: ack['blocks'],
      attachments: ack['attachments'],
      ephemeralTo: ack['response_type'] === 'in_channel' ? undefined : user.id,
      bot_id: this.s.workspace.botId,
      via: 'ack',
    });
  }

  /** Finds an interactive element: in `viewId`, in `messageTs`, else the top modal, the newest visible message, the home tab. */
  private locate(input: ElementInput, user: WorkspaceUser, match: (f: FoundElement) => boolean): Located {
    const pick = (blocks: readonly unknown[]): FoundElement | undefined =>
      interactiveElements(blocks).find((f) => f.actionId === input.actionId && (input.blockId === undefined || f.blockId === input.blockId) && match(f));
    const inView = (view: StoredView): Located | undefined => {
      const found = pick(view.blocks);
      return found && { found, target: { kind: 'view', view, state: buildStateValues(this.s.workspace, view) } };
    };
    const inMessage = (message: StoredMessage): Located | undefined => {
      const found = pick(message.blocks);
      return found && { found, target: { kind: 'message', message, channel: this.channel(message.channel) } };
    };
    let hit: Located | undefined;
    if (input.viewId !== undefined) {
      const view = this.s.views.find(input.viewId);
      if (!view) throw new Error(`slack-standin: no view ${input.viewId}`);
      hit = inView(view);
    } else if (input.messageTs !== undefined) {
      const channel = this.channel(input.channelId);
      const message = this.s.messages.find(channel.id, input.messageTs);
      if (!message) throw new Error(`slack-standin: no message ${input.messageTs} in #${channel.name}`);
      hit = inMessage(message);
    } else {
      const top = this.s.views.top(user.id);
      hit = top && inView(top);
      const visible = this.s.messages.list(this.channel(input.channelId).id, { includeEphemeral: true });
      for (const m of visible.reverse()) {
        if (hit) break;
        if (m.ephemeralTo === undefined || m.ephemeralTo === user.id) hit = inMessage(m);
      }
      const home = this.s.views.home(user.id);
      if (!hit && home) hit = inView(home);
    }
    if (!hit) throw new Error(`slack-standin: no element with action_id "${input.actionId}"${input.blockId ? ` in block ${input.blockId}` : ''} found`);
    return hit;
  }

  private async dispatch(user: WorkspaceUser, hit: Located, action: JsonObject, retryNum?: number): Promise<DriverResult> {
    const trigger = this.s.triggers.issue(user.id);
    let responseUrl: string | undefined;
    if (hit.target.kind === 'message') {
      const m = hit.target.message;
      const init: Parameters<StandinState['mintResponseUrl']>[0] = { channelId: m.channel, userId: user.id, source: { channel: m.channel, ts: m.ts } };
      if (m.thread_ts !== undefined) init.threadTs = m.thread_ts;
      responseUrl = this.s.mintResponseUrl(init).url;
    }
    const payload = blockActionsPayload(this.s, { user, target: hit.target, action, triggerId: trigger.id, ...(responseUrl ? { responseUrl } : {}) });
    const res = await this.transport.send(this.transport.interaction('block_actions', payload), { retryNum });
    return { ...res, triggerId: trigger.id, ...(responseUrl ? { responseUrl } : {}) };
  }

  async clickButton(input: ClickInput): Promise<DriverResult> {
    const user = this.user(input.userId);
    const hit = this.locate(input, user, (f) => f.type === 'button' && (input.value === undefined || f.element['value'] === input.value));
    const el = hit.found.element;
    const action: JsonObject = {
      action_id: hit.found.actionId, block_id: hit.found.blockId, type: 'button',
      text: structuredClone(el['text']), action_ts: this.s.ids.actionTs(),
    };
    if (el['value'] !== undefined) action['value'] = el['value'];
    if (el['style'] !== undefined) action['style'] = el['style'];
    return this.dispatch(user, hit, action, input.retryNum);
  }

  /**
   * Chooses in a select / radio / overflow / checkboxes / picker. Inside a view the choice is kept in the view's
   * state; a request is sent only when Slack would send one (actions blocks, accessories, `dispatch_action` inputs).
   */
  async selectOption(input: SelectInput): Promise<DriverResult> {
    const user = this.user(input.userId);
    const hit = this.locate(input, user, (f) => f.type !== 'button');
    const { found } = hit;
    const value = stateValueFor(this.s.workspace, found.element, input.value);
    if (hit.target.kind === 'view') {
      const view = hit.target.view;
      (view.state.values[found.blockId] ??= {})[found.actionId] = value;
      hit.target.state = buildStateValues(this.s.workspace, view);
    }
    const dispatches = found.place !== 'input' || found.block['dispatch_action'] === true;
    if (!dispatches) return { sent: false, status: 0, body: '', ackMs: 0, lateAck: false };
    const action: JsonObject = { ...value, action_id: found.actionId, block_id: found.blockId, action_ts: this.s.ids.actionTs() };
    if (isObj(found.element['placeholder'])) action['placeholder'] = structuredClone(found.element['placeholder']);
    return this.dispatch(user, hit, action, input.retryNum);
  }

  /** The user closes the top modal (× / Cancel). Sends `view_closed` only when the view asked for it. */
  async closeView(input: CloseInput = {}): Promise<DriverResult> {
    const user = this.user(input.userId);
    const top = this.s.views.top(user.id);
    if (!top) throw new Error(`slack-standin: ${user.name} has no modal open`);
    if (input.viewId !== undefined && input.viewId !== top.id) throw new Error(`slack-standin: view ${input.viewId} is not ${user.name}'s top modal`);
    const isCleared = top.clear_on_close;
    if (isCleared) this.s.views.clear(user.id);
    else this.s.views.pop(user.id);
    if (!top.notify_on_close) return { sent: false, status: 0, body: '', ackMs: 0, lateAck: false };
    const payload = viewClosedPayload(this.s, { user, view: top, isCleared });
    return this.transport.send(this.transport.interaction('view_closed', payload));
  }

  sendEvent(event: JsonObject, opts: RetryOption = {}): Promise<DriverResult> {
    return this.transport.send(this.transport.json('event_callback', eventCallback(this.s, event)), { retryNum: opts.retryNum });
  }

  /** The user opens the bot's Home tab: `app_home_opened` (with the published view, if any). */
  openHome(userRef?: string, opts: RetryOption = {}): Promise<DriverResult> {
    const user = this.user(userRef);
    const event: JsonObject = { type: 'app_home_opened', user: user.id, channel: dmChannel(this.s.workspace, user.id).id, tab: 'home' };
    const home = this.s.views.home(user.id);
    if (home) event['view'] = toSlackView(home);
    return this.sendEvent(event, opts);
  }
}
