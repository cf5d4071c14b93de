/**
 * Submitting a modal: Slack's client-side checks, the `view_submission` payload, and Slack's reading
 * of the app's ack (close, errors, update, push, clear).
 */
import { checkView } from './block-kit-limits.ts';
import { isObj } from './blocks.ts';
import type { SlackDriver, RetryOption } from './driver.ts';
import { viewSubmissionPayload } from './payloads.ts';
import type { JsonObject, StoredView, SubmitResult, ViewErrors } from './types.ts';
import { fileObject } from './files.ts';
import type { StandinState } from './state.ts';
import type { StateValues } from './types.ts';
import { buildStateValues, clientSideErrors, inputElements, type InputValue } from './view-state.ts';

export interface SubmitInput extends RetryOption {
  userId?: string;
  /** Default: the user's top modal. */
  viewId?: string;
  /** Keyed by block_id (or action_id) → text, option value/text, or string[] for multi-selects and checkboxes. */
  values?: Record<string, InputValue>;
}

export async function submitView(d: SlackDriver, input: SubmitInput = {}): Promise<SubmitResult> {
  const s = d.s;
  const user = d.user(input.userId);
  const top = s.views.top(user.id);
  if (!top) throw new Error(`slack-standin: ${user.name} has no modal open`);
  if (input.viewId !== undefined && input.viewId !== top.id) throw new Error(`slack-standin: view ${input.viewId} is not ${user.name}'s top modal`);
  if (top.submit === undefined) throw new Error(`slack-standin: view ${top.callback_id || top.id} has no submit button`);

  const state = expandFiles(s, top, buildStateValues(s.workspace, top, input.values));
  top.state.values = state;
  const noteErrors = (errors: Record<string, string>, source: ViewErrors['source']): void => {
    s.viewErrors.push({ userId: user.id, viewId: top.id, callbackId: top.callback_id, errors, source, at: s.now() });
    s.events.emit('view', { userId: user.id, action: 'errors', view: top, errors });
  };

  const blocked = clientSideErrors(top, state);
  if (Object.keys(blocked).length > 0) {
    noteErrors(blocked, 'client');
    return { sent: false, status: 0, body: '', ackMs: 0, lateAck: false, outcome: 'blocked', errors: blocked, viewAfter: top };
  }

  const trigger = s.triggers.issue(user.id);
  const payload = viewSubmissionPayload(s, { user, view: top, state, triggerId: trigger.id });
  const res = await d.transport.send(d.transport.interaction('view_submission', payload), { retryNum: input.retryNum });
  const base = { ...res, triggerId: trigger.id };
  const after = (): StoredView | undefined => s.views.top(user.id);
  const failed = (problems: string[]): SubmitResult => {
    if (problems.length > 0) s.recordViolation('view_submission.ack', problems);
    const r: SubmitResult = { ...base, outcome: 'failed', problems };
    const v = after();
    if (v) r.viewAfter = v;
    return r;
  };
  const done = (outcome: SubmitResult['outcome'], extra: Partial<SubmitResult> = {}): SubmitResult => {
    const r: SubmitResult = { ...base, outcome, ...extra };
    const v = after();
    if (v) r.viewAfter = v;
    return r;
  };

  if (res.status !== 200) return failed([]);
  if (res.lateAck) return failed([`ack took ${Math.round(res.ackMs)} ms; Slack gives up after 3000 ms`]);
  const body = res.body.trim();
  if (body === '' || (isObj(res.json) && Object.keys(res.json).length === 0)) {
    s.views.pop(user.id);
    return done('closed');
  }
  if (!isObj(res.json)) return failed([`ack body is not JSON: ${body.slice(0, 200)}`]);
  const ack: JsonObject = res.json;
  switch (ack['response_action']) {
    case 'errors': {
      const errors = isObj(ack['errors']) ? ack['errors'] : undefined;
      if (!errors) return failed(['response_action errors without an errors object']);
      const inputIds = new Set(inputElements(top).map((e) => e.blockId));
      const unknown = Object.keys(errors).filter((k) => !inputIds.has(k));
      if (unknown.length > 0) return failed(unknown.map((k) => `errors: "${k}" is not the block_id of an input block in the view`));
      const shown = Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, String(v)]));
      noteErrors(shown, 'app');
      return done('errors', { errors: shown });
    }
    case 'update':
    case 'push': {
      const problems = checkView(ack['view']);
      if (problems.length > 0) return failed(problems);
      const view = ack['view'] as JsonObject;
      const r = ack['response_action'] === 'update' ? s.views.update({ viewId: top.id }, view) : s.views.push(user.id, view);
      if (!r.ok) return failed([`response_action ${String(ack['response_action'])}: ${r.error}`]);
      return done(ack['response_action'] === 'update' ? 'updated' : 'pushed');
    }
    case 'clear':
      s.views.clear(user.id);
      return done('cleared');
    default:
      return failed([`unknown response_action ${JSON.stringify(ack['response_action'])}`]);
  }
}

/** A file_input holds the ids people picked; Slack sends the whole file objects (and only of the allowed types). */
function expandFiles(s: StandinState, view: StoredView, state: StateValues): StateValues {
  for (const e of inputElements(view)) {
    if (e.type !== 'file_input') continue;
    const entry = state[e.blockId]?.[e.actionId];
    const picked = entry && Array.isArray(entry['files']) ? (entry['files'] as { id?: unknown }[]) : [];
    const allowed = Array.isArray(e.element['filetypes']) ? (e.element['filetypes'] as string[]) : undefined;
    entry!['files'] = picked.map((f) => {
      const file = typeof f.id === 'string' ? s.files.get(f.id) : undefined;
      if (!file) throw new Error(`slack-standin: no uploaded file ${String(f.id)} (use slack.uploadFile first)`);
      const object = fileObject(s, file);
      if (allowed && !allowed.includes(String(object['filetype']))) throw new Error(`slack-standin: this file_input takes ${allowed.join(', ')} files, not ${String(object['filetype'])}`);
      return object;
    });
  }
  return state;
}
