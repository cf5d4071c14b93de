/**
 * Everything the app does in the stand-in, printed as it happens: messages (new, updated, deleted,
 * ephemeral, in threads), modals that are only to be looked at (loading, status), Home tabs, Block Kit
 * violations, and the app's log lines when `log` is on. Modals with a submit button are left to the walker.
 */
import type { StandinEvents, StoredMessage } from '../slack-standin/index.ts';
import { formatLogEntry } from './logs.ts';
import { isWalkable } from './modal-walker.ts';
import { renderMessage, renderView } from './render.ts';
import type { Session } from './session.ts';

type Payload<K extends keyof StandinEvents> = StandinEvents[K][0];

export interface Feed {
  /** Date.now() when the current user's Home tab was last published. */
  lastHomeAt: number;
  detach(): void;
}

export function attachFeed(s: Session, walkerActive: () => boolean): Feed {
  const { standin, logs } = s.booted;
  const feed: Feed = { lastHomeAt: 0, detach: () => undefined };
  const touch = (): void => {
    s.lastEventAt = Date.now();
  };

  const onMessage = (e: Payload<'message'>): void => {
    touch();
    const m = e.message;
    const parent = m.thread_ts !== undefined && m.thread_ts !== m.ts ? findParent(s, m) : undefined;
    const ctx = s.ctx({ kind: 'message', channel: m.channel, ts: m.ts });
    s.print(['', ...renderMessage(m, { updated: e.updated, deleted: e.deleted, currentUser: s.user.id, parent }, ctx)]);
  };

  const onView = (e: Payload<'view'>): void => {
    touch();
    const v = e.view;
    if (v.type !== 'modal' || e.userId !== s.user.id || walkerActive()) return;
    if (e.action === 'closed' || e.action === 'cleared') {
      if (!standin.topView(s.user.id)) s.setModalPending(false);
      if (s.shownViews.delete(v.id)) s.print(s.p.dim(`  (modal “${v.title?.text ?? v.callback_id}” closed)`));
      return;
    }
    if (e.action === 'errors') return;
    const top = standin.topView(s.user.id);
    if (!top || top.id !== v.id) return;
    if (isWalkable(v)) {
      s.setModalPending(true);
      return;
    }
    s.setModalPending(false);
    if (s.shownViews.get(v.id) === v.hash) return;
    s.shownViews.set(v.id, v.hash);
    s.print(['', ...renderView(v, s.ctx({ kind: 'view', userId: s.user.id, viewId: v.id }), { note: 'close closes it' })]);
  };

  const onHome = (e: Payload<'home'>): void => {
    touch();
    if (e.userId !== s.user.id) return;
    feed.lastHomeAt = Date.now();
    s.print(['', ...renderView(e.view, s.ctx({ kind: 'home', userId: e.userId, viewId: e.view.id }))]);
  };

  const onViolation = (v: Payload<'violation'>): void => {
    touch();
    s.print(s.p.red(`⚠ Block Kit violation in ${v.method}: ${v.problems.join('; ')}`));
  };

  standin.events.on('message', onMessage);
  standin.events.on('view', onView);
  standin.events.on('home', onHome);
  standin.events.on('call', touch);
  standin.events.on('violation', onViolation);
  logs.onEntry((entry) => {
    if (s.showLog) s.print(formatLogEntry(entry, s.p));
    else if (entry.level >= 50) s.print(s.p.red(`app error: ${formatLogEntry(entry, s.p)}`));
  });

  feed.detach = () => {
    standin.events.off('message', onMessage);
    standin.events.off('view', onView);
    standin.events.off('home', onHome);
    standin.events.off('call', touch);
    standin.events.off('violation', onViolation);
    logs.onEntry(undefined);
  };
  return feed;
}

function findParent(s: Session, m: StoredMessage): StoredMessage | undefined {
  if (m.thread_ts === undefined) return undefined;
  return s.standin.thread(m.channel, m.thread_ts).find((x) => x.ts === m.thread_ts);
}
