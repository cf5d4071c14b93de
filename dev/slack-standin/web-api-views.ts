/**
 * views.open / views.push / views.update / views.publish, with trigger_id exchange and Block Kit checks.
 */
import { z } from 'zod';
import { checkView } from './block-kit-limits.ts';
import type { StandinState } from './state.ts';
import type { JsonObject } from './types.ts';
import { fail, parseArgs, type ApiHandler, type ApiResponse } from './web-api-common.ts';
import { toSlackView, type ViewResult } from './view-store.ts';

const viewArg = z.record(z.string(), z.unknown());
const Open = z.object({ trigger_id: z.string().optional(), interactivity_pointer: z.string().optional(), view: viewArg });
const Update = z.object({ view_id: z.string().optional(), external_id: z.string().optional(), hash: z.string().optional(), view: viewArg });
const Publish = z.object({ user_id: z.string().min(1), hash: z.string().optional(), view: viewArg });

/** Block Kit gate for views; records a violation and returns Slack's error on problems. */
export function rejectBadView(s: StandinState, method: string, view: unknown): ApiResponse | undefined {
  const problems = checkView(view);
  if (problems.length === 0) return undefined;
  s.recordViolation(method, problems);
  return fail('invalid_blocks', { errors: problems, response_metadata: { messages: problems.map((p) => `[ERROR] ${p}`) } });
}

function answer(r: ViewResult): ApiResponse {
  return r.ok ? { ok: true, view: toSlackView(r.view) } : fail(r.error);
}

function openOrPush(method: 'views.open' | 'views.push'): ApiHandler {
  return (s, args) => {
    const p = parseArgs(Open, args);
    if (!p.ok) return p.res;
    const bad = rejectBadView(s, method, p.data.view);
    if (bad) return bad;
    const ex = s.triggers.exchange(p.data.trigger_id ?? p.data.interactivity_pointer, method);
    if (!ex.ok) return fail(ex.error);
    const userId = ex.trigger.userId;
    return answer(method === 'views.open' ? s.views.open(userId, p.data.view) : s.views.push(userId, p.data.view));
  };
}

export const VIEW_METHODS: Record<string, ApiHandler> = {
  'views.open': openOrPush('views.open'),
  'views.push': openOrPush('views.push'),
  'views.update': (s, args) => {
    const p = parseArgs(Update, args);
    if (!p.ok) return p.res;
    if (!p.data.view_id && !p.data.external_id) return fail('invalid_arguments');
    const bad = rejectBadView(s, 'views.update', p.data.view);
    if (bad) return bad;
    const ref: { viewId?: string; externalId?: string } = {};
    if (p.data.view_id) ref.viewId = p.data.view_id;
    else if (p.data.external_id) ref.externalId = p.data.external_id;
    return answer(s.views.update(ref, p.data.view as JsonObject, p.data.hash));
  },
  'views.publish': (s, args) => {
    const p = parseArgs(Publish, args);
    if (!p.ok) return p.res;
    if (!s.workspace.users.some((u) => u.id === p.data.user_id)) return fail('user_not_found');
    const bad = rejectBadView(s, 'views.publish', p.data.view);
    if (bad) return bad;
    return answer(s.views.publish(p.data.user_id, p.data.view as JsonObject, p.data.hash));
  },
};
