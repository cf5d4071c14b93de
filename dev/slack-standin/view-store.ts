/**
 * Modal stacks (per user, top last, at most 3 deep) and published home tabs.
 * Updates keep the view id, bump the hash and carry over input state whose block_id/action_id survive,
 * as Slack does.
 */
import { interactiveElements, isObj, withSlackIds } from './blocks.ts';
import type { IdSource } from './ids.ts';
import type { JsonObject, PlainText, StateValues, StoredView, ViewAction } from './types.ts';
import type { Workspace } from './workspace.ts';

export const MAX_MODAL_STACK = 3;

export type ViewResult = { ok: true; view: StoredView } | { ok: false; error: string };
export type ViewListener = (e: { userId: string; action: ViewAction; view: StoredView }) => void;

function plain(v: unknown): PlainText | undefined {
  if (!isObj(v) || typeof v['text'] !== 'string') return undefined;
  const out: PlainText = { type: 'plain_text', text: v['text'] };
  if (typeof v['emoji'] === 'boolean') out.emoji = v['emoji'];
  return out;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const bool = (v: unknown): boolean => v === true || v === 'true';

/** Keeps the state entries whose block_id/action_id still exist in `blocks`. */
function carryState(state: StateValues, blocks: readonly unknown[]): StateValues {
  const out: StateValues = {};
  for (const el of interactiveElements(blocks)) {
    const kept = state[el.blockId]?.[el.actionId];
    if (kept && kept.type === el.type) (out[el.blockId] ??= {})[el.actionId] = kept;
  }
  return out;
}

export class ViewStore {
  private readonly stacks = new Map<string, StoredView[]>();
  private readonly homes = new Map<string, StoredView>();

  constructor(
    private readonly ws: Workspace,
    private readonly ids: IdSource,
    private readonly onChange: ViewListener,
  ) {}

  private build(userId: string, input: JsonObject, base?: StoredView): StoredView {
    const type = input['type'] === 'home' ? 'home' : 'modal';
    const blocks = withSlackIds(input['blocks']);
    const view: StoredView = {
      id: base?.id ?? this.ids.viewId(),
      team_id: this.ws.teamId,
      app_id: this.ws.appId,
      bot_id: this.ws.botId,
      user_id: userId,
      type,
      blocks,
      callback_id: str(input['callback_id']),
      private_metadata: str(input['private_metadata']),
      external_id: str(input['external_id']),
      notify_on_close: bool(input['notify_on_close']),
      clear_on_close: bool(input['clear_on_close']),
      hash: this.ids.viewHash(),
      root_view_id: base ? base.root_view_id : null,
      previous_view_id: base ? base.previous_view_id : null,
      state: { values: base ? carryState(base.state.values, blocks) : {} },
    };
    const title = plain(input['title']);
    const submit = plain(input['submit']);
    const close = plain(input['close']);
    if (title) view.title = title;
    if (submit) view.submit = submit;
    if (close) view.close = close;
    return view;
  }

  private externalIdTaken(externalId: unknown, exceptId?: string): boolean {
    if (typeof externalId !== 'string' || externalId === '') return false;
    return this.allViews().some((v) => v.external_id === externalId && v.id !== exceptId);
  }

  /** views.open: a new root modal. Any modal the user had open is replaced. */
  open(userId: string, input: JsonObject): ViewResult {
    if (input['type'] !== 'modal') return { ok: false, error: 'invalid_arguments' };
    if (this.externalIdTaken(input['external_id'])) return { ok: false, error: 'duplicate_external_id' };
    const view = this.build(userId, input);
    view.root_view_id = view.id;
    this.stacks.set(userId, [view]);
    this.onChange({ userId, action: 'opened', view });
    return { ok: true, view };
  }

  push(userId: string, input: JsonObject): ViewResult {
    const stack = this.stacks.get(userId);
    if (input['type'] !== 'modal') return { ok: false, error: 'invalid_arguments' };
    if (!stack || stack.length === 0) return { ok: false, error: 'not_found' };
    if (stack.length >= MAX_MODAL_STACK) return { ok: false, error: 'push_limit_reached' };
    if (this.externalIdTaken(input['external_id'])) return { ok: false, error: 'duplicate_external_id' };
    const top = stack[stack.length - 1] as StoredView;
    const view = this.build(userId, input);
    view.root_view_id = top.root_view_id ?? top.id;
    view.previous_view_id = top.id;
    stack.push(view);
    this.onChange({ userId, action: 'pushed', view });
    return { ok: true, view };
  }

  /** views.update / response_action update: replace a view's content in place. */
  update(ref: { viewId?: string; externalId?: string }, input: JsonObject, hash?: string): ViewResult {
    const current = ref.viewId ? this.find(ref.viewId) : ref.externalId ? this.findByExternalId(ref.externalId) : undefined;
    if (!current) return { ok: false, error: 'not_found' };
    if (hash !== undefined && hash !== '' && hash !== current.hash) return { ok: false, error: 'hash_conflict' };
    if (input['type'] !== current.type) return { ok: false, error: 'invalid_arguments' };
    if (this.externalIdTaken(input['external_id'], current.id)) return { ok: false, error: 'duplicate_external_id' };
    const view = this.build(current.user_id, input, current);
    this.replace(current, view);
    this.onChange({ userId: view.user_id, action: 'updated', view });
    return { ok: true, view };
  }

  publish(userId: string, input: JsonObject, hash?: string): ViewResult {
    if (input['type'] !== 'home') return { ok: false, error: 'invalid_arguments' };
    const current = this.homes.get(userId);
    if (current && hash !== undefined && hash !== '' && hash !== current.hash) return { ok: false, error: 'hash_conflict' };
    const view = this.build(userId, input, current);
    this.homes.set(userId, view);
    this.onChange({ userId, action: 'published', view });
    return { ok: true, view };
  }

  private replace(current: StoredView, next: StoredView): void {
    if (current.type === 'home') {
      this.homes.set(current.user_id, next);
      return;
    }
    const stack = this.stacks.get(current.user_id) ?? [];
    const i = stack.indexOf(current);
    if (i >= 0) stack[i] = next;
  }

  /** Closes the top modal, returning it. */
  pop(userId: string): StoredView | undefined {
    const stack = this.stacks.get(userId);
    const view = stack?.pop();
    if (view) this.onChange({ userId, action: 'closed', view });
    if (stack && stack.length === 0) this.stacks.delete(userId);
    return view;
  }

  /** Closes every modal of the user, returning them (top first). */
  clear(userId: string): StoredView[] {
    const stack = (this.stacks.get(userId) ?? []).slice().reverse();
    this.stacks.delete(userId);
    for (const view of stack) this.onChange({ userId, action: 'cleared', view });
    return stack;
  }

  stack(userId: string): StoredView[] {
    return [...(this.stacks.get(userId) ?? [])];
  }

  top(userId: string): StoredView | undefined {
    const s = this.stacks.get(userId);
    return s?.[s.length - 1];
  }

  home(userId: string): StoredView | undefined {
    return this.homes.get(userId);
  }

  find(viewId: string): StoredView | undefined {
    return this.allViews().find((v) => v.id === viewId);
  }

  findByExternalId(externalId: string): StoredView | undefined {
    return this.allViews().find((v) => v.external_id === externalId);
  }

  allViews(): StoredView[] {
    return [...[...this.stacks.values()].flat(), ...this.homes.values()];
  }

  clearAll(): void {
    this.stacks.clear();
    this.homes.clear();
  }
}

/** A stored view in the shape Slack returns it (API results and interaction payloads). */
export function toSlackView(view: StoredView): JsonObject {
  const { user_id: _user, ...rest } = view;
  return { ...structuredClone(rest), app_installed_team_id: view.team_id };
}
