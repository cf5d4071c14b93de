/**
 * The shell's state: who is typing, in which channel, the running app and stand-in, the numbered buttons,
 * which modal versions were already shown, and whether a modal is waiting to be walked.
 */
import type { WorkspaceChannel, WorkspaceUser } from '../slack-standin/index.ts';
import type { Booted } from './boot.ts';
import { ButtonRegistry, type ElementPlace } from './buttons.ts';
import type { Palette } from './colors.ts';
import type { Io } from './io.ts';
import type { Names } from './mrkdwn.ts';
import type { RenderContext } from './render.ts';

export class Session {
  user: WorkspaceUser;
  channel: WorkspaceChannel;
  showLog = false;
  readonly buttons = new ButtonRegistry();
  /** view id → hash of the version last printed. */
  readonly shownViews = new Map<string, string>();
  /** A modal with a submit button is open for the current user and has not been walked yet. */
  modalPending = false;
  /** Date.now() of the last stand-in event (message, view, call…). */
  lastEventAt = Date.now();
  /** Unhandled rejections and exceptions seen while running. */
  readonly crashes: string[] = [];
  private readonly pendingListeners = new Set<() => void>();
  readonly names: Names;

  constructor(
    readonly booted: Booted,
    readonly io: Io,
    readonly p: Palette,
    readonly width: number,
  ) {
    const ws = booted.standin.workspace;
    this.user = booted.standin.resolveUser(ws.defaultUserId);
    this.channel = booted.standin.resolveChannel(ws.defaultChannelId);
    this.names = {
      user: (id) => ws.users.find((u) => u.id === id)?.name ?? (id === ws.botUserId ? ws.botName : undefined),
      channel: (id) => {
        const c = ws.channels.find((x) => x.id === id);
        if (!c) return undefined;
        return c.isIm ? `dm-${ws.users.find((u) => u.id === c.user)?.name ?? c.user ?? c.id}` : c.name;
      },
      group: (id) => ws.userGroups.find((g) => g.id === id)?.handle,
    };
  }

  get standin() {
    return this.booted.standin;
  }

  prompt(): string {
    const { p } = this;
    return `${p.cyan(`#${this.channel.name}`)} ${p.magenta(`@${this.user.name}`)}> `;
  }

  /** A render context numbering clickable elements at `place` globally (or not at all). */
  ctx(place?: ElementPlace): RenderContext {
    const ctx: RenderContext = { p: this.p, names: this.names, width: this.width };
    if (place) ctx.number = (info) => this.buttons.numberFor(place, info);
    return ctx;
  }

  print(lines: string | readonly string[]): void {
    this.io.print(lines);
  }

  setModalPending(pending: boolean): void {
    this.modalPending = pending;
    if (pending) for (const l of [...this.pendingListeners]) l();
  }

  /** Calls `listener` when a modal becomes pending; returns the unsubscribe. */
  onModalPending(listener: () => void): () => void {
    this.pendingListeners.add(listener);
    return () => this.pendingListeners.delete(listener);
  }
}
