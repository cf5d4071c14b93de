/**
 * Walks the current user's open modal: renders it, asks its inputs one by one, offers its buttons as numbered
 * choices, submits a real `view_submission`, shows the app's inline errors under their fields and asks again
 * for just those, then follows the app's answer (update, push, close). `cancel` anywhere closes the modal.
 */
import type { InputValue, StoredView, SubmitResult } from '../slack-standin/index.ts';
import type { ElementInfo } from './buttons.ts';
import { currentValue, fieldCompletions, fieldPrompt, inputFields, optionLines, parseAnswer, type Field } from './modal-fields.ts';
import { renderView } from './render.ts';
import type { Session } from './session.ts';

type Step = { kind: 'done' } | { kind: 'cancel' } | { kind: 'leave' };

/** A modal the person can act on (it has a submit button). Loading and status modals are only shown. */
import { filetypesOf, uploadFromDisk, uploadPath } from './file-upload.ts';

export const isWalkable = (view: StoredView): boolean => view.type === 'modal' && view.submit !== undefined;

/** Whether Slack sends a block_actions when this input changes (its input block has `dispatch_action`). */
function dispatchesAction(view: StoredView, f: Field): boolean {
  return (view.blocks as unknown[]).some((b) => typeof b === 'object' && b !== null && (b as { block_id?: unknown }).block_id === f.blockId && (b as { dispatch_action?: unknown }).dispatch_action === true);
}

export class ModalWalker {
  active = false;

  constructor(
    private readonly s: Session,
    private readonly setCompletions: (list: string[] | undefined) => void,
  ) {}

  private top(): StoredView | undefined {
    return this.s.standin.topView(this.s.user.id);
  }

  /** Walks until the modal is closed, left, or shows something that is not a form. */
  async walk(): Promise<void> {
    if (this.active) return;
    this.active = true;
    this.s.setModalPending(false);
    try {
      await this.run();
    } catch (error) {
      // Whatever went wrong with this modal, the session goes on.
      this.s.print(this.s.p.red(`  ✘ ${error instanceof Error ? error.message : String(error)}`));
      this.s.print(this.s.p.dim('  (modal left open: type `modal` to come back to it, `close` to close it)'));
    } finally {
      this.active = false;
      this.s.setModalPending(false);
      this.setCompletions(undefined);
    }
  }

  private async run(): Promise<void> {
    const { p } = this.s;
    let view = this.top();
    let errors: Record<string, string> | undefined;
    // What was typed into this form so far, and which fields were asked (kept when an input's change redraws it).
    let values: Record<string, InputValue> = {};
    const asked = new Set<string>();
    while (view) {
      if (!isWalkable(view)) {
        this.show(view, true);
        return;
      }
      const buttons: ElementInfo[] = [];
      if (!errors) this.show(view, false, buttons);
      else this.collectButtons(view, buttons);
      const fields = inputFields(view).filter((f) => (errors ? f.blockId in errors : !asked.has(f.blockId)));
      let redrawn: StoredView | undefined;
      for (const f of fields) {
        const answer = await this.askField(view, f, errors?.[f.blockId]);
        if (answer === 'cancel') return this.close();
        asked.add(f.blockId);
        if (answer === 'keep') continue;
        values[f.blockId] = answer.value;
        if (dispatchesAction(view, f)) {
          redrawn = await this.changeInput(view, f, values);
          if (redrawn) break;
        }
      }
      errors = undefined;
      if (redrawn) {
        view = redrawn;
        continue;
      }
      if (inputFields(view).length === 0 || buttons.length > 0) {
        const choice = await this.confirm(view, buttons);
        if (choice.kind === 'cancel') return this.close();
        if (choice.kind === 'leave') {
          this.s.print(p.dim('  (modal left open: type `modal` to come back to it, `close` to close it)'));
          return;
        }
        if (choice.kind === 'button') {
          view = await this.click(view, choice.button);
          continue;
        }
      }
      this.s.print(p.dim(`  → ${view.submit?.text ?? 'Submit'}`));
      const present = new Set(inputFields(view).map((f) => f.blockId));
      const sent = Object.fromEntries(Object.entries(values).filter(([blockId]) => present.has(blockId)));
      const result = await this.s.standin.submitView({ userId: this.s.user.id, viewId: view.id, values: sent });
      const next = this.follow(result);
      if (next.kind !== 'continue') return;
      errors = next.errors;
      if (!errors) {
        values = {};
        asked.clear();
      }
      view = next.errors ? (this.top() ?? view) : this.top();
    }
  }

  /**
   * An input with `dispatch_action` changed: as Slack does, the app gets a block_actions with the view's state
   * (what was typed so far included) and may redraw the form. Returns the redrawn view, or undefined if it stayed.
   */
  private async changeInput(view: StoredView, changed: Field, values: Record<string, InputValue>): Promise<StoredView | undefined> {
    const { standin } = this.s;
    const userId = this.s.user.id;
    for (const f of inputFields(view)) {
      const value = values[f.blockId];
      if (f === changed || value === undefined || f.type === 'file_input') continue;
      await standin.selectOption({ userId, viewId: view.id, actionId: f.actionId, blockId: f.blockId, value });
    }
    const res = await standin.selectOption({ userId, viewId: view.id, actionId: changed.actionId, blockId: changed.blockId, value: values[changed.blockId] ?? null });
    if (res.sent && res.status !== 200) this.s.print(this.s.p.red(`  ✘ the app answered HTTP ${res.status} to the change of ${changed.label}`));
    const after = await this.changed(view, 3000);
    return after && after.hash !== view.hash ? after : undefined;
  }

  /** The top view once it is no longer `view` as it was (and has stayed put a moment), or undefined after `timeoutMs`. */
  private async changed(view: StoredView, timeoutMs: number): Promise<StoredView | undefined> {
    const moved = await this.s.standin
      .waitFor(() => {
        const top = this.top();
        return !top || top.id !== view.id || top.hash !== view.hash ? { top } : undefined;
      }, { timeoutMs })
      .catch(() => undefined);
    if (!moved) return undefined;
    // A loading step may be followed at once by the filled-in form.
    for (let last = this.top()?.hash; ; ) {
      await new Promise((resolve) => setTimeout(resolve, 150));
      const now = this.top()?.hash;
      if (now === last) break;
      last = now;
    }
    return this.top();
  }

  private follow(r: SubmitResult): { kind: 'continue'; errors?: Record<string, string> } | Step {
    const { p } = this.s;
    switch (r.outcome) {
      case 'errors':
      case 'blocked':
        if (r.errors && Object.keys(r.errors).length > 0) return { kind: 'continue', errors: r.errors };
        this.s.print(p.red('  ✘ the modal refused the submission without saying why'));
        return { kind: 'leave' };
      case 'updated':
      case 'pushed':
        return { kind: 'continue' };
      case 'closed':
      case 'cleared':
        this.s.print(p.dim('  (modal closed)'));
        return { kind: 'done' };
      default: {
        const why = r.problems?.length ? r.problems.join('; ') : r.status ? `HTTP ${r.status}` : 'no answer';
        this.s.print(p.red(`  ✘ Slack could not use the app's answer to the submission (${why})`));
        return { kind: 'done' };
      }
    }
  }

  private show(view: StoredView, global: boolean, buttons: ElementInfo[] = []): void {
    const ctx = global ? this.s.ctx({ kind: 'view', userId: this.s.user.id, viewId: view.id }) : this.s.ctx();
    if (!global) ctx.number = (info) => (buttons.push(info), buttons.length);
    const note = !isWalkable(view)
      ? 'close closes it'
      : inputFields(view).length > 0
        ? 'Enter keeps [the default] · - clears an optional field · cancel closes'
        : 'cancel closes';
    this.s.print(['', ...renderView(view, ctx, { skipInputs: isWalkable(view), ...(note ? { note } : {}) })]);
    this.s.shownViews.set(view.id, view.hash);
  }

  private collectButtons(view: StoredView, buttons: ElementInfo[]): void {
    const ctx = this.s.ctx();
    ctx.number = (info) => (buttons.push(info), buttons.length);
    renderView(view, ctx, { skipInputs: true });
  }

  private async askField(view: StoredView, f: Field, error: string | undefined): Promise<{ value: InputValue } | 'keep' | 'cancel'> {
    const { p } = this.s;
    const ws = this.s.standin.workspace;
    const current = currentValue(view, f, ws);
    const about: string[] = [];
    if (error !== undefined) about.push(p.red(`  ✘ ${f.label}: ${error}`));
    if (f.hint) about.push(p.dim(`    ${f.hint}`));
    if (f.options.length > 0) about.push(...optionLines(f, this.s.width).map((l) => `    ${l}`));
    this.setCompletions(fieldCompletions(f, ws));
    for (;;) {
      if (about.length) this.s.print(about.splice(0));
      const a = await this.s.io.ask(fieldPrompt(f, current), { blankIsAnswer: true });
      if (a.kind === 'eof' || a.kind === 'interrupt' || a.kind === 'aborted') return 'cancel';
      if (a.text.trim().toLowerCase() === 'cancel') return 'cancel';
      if (f.type === 'file_input') {
        const up = uploadFromDisk(this.s, uploadPath(a.text), filetypesOf(f.element));
        if (up.ok) {
          this.s.print(p.dim(`    uploaded ${up.name} (${up.size} bytes)`));
          return { value: [up.fileId] };
        }
        this.s.print(p.yellow(`    ${up.message}`));
        continue;
      }
      const parsed = parseAnswer(f, a.text, current, ws);
      if (parsed.kind === 'keep') return 'keep';
      if (parsed.kind === 'set') return { value: parsed.value };
      this.s.print(p.yellow(`    ${parsed.message}`));
    }
  }

  private async confirm(view: StoredView, buttons: ElementInfo[]): Promise<Step | { kind: 'submit' } | { kind: 'button'; button: ElementInfo }> {
    const { p } = this.s;
    const extra = buttons.map((b, i) => `, ${i + 1}=${b.label}`).join('');
    const question = `  Submit (${view.submit?.text ?? 'Submit'})? [Y/n/cancel${extra}]: `;
    this.setCompletions(['yes', 'no', 'cancel', ...buttons.map((_b, i) => String(i + 1))]);
    for (;;) {
      const a = await this.s.io.ask(question, { blankIsAnswer: true });
      if (a.kind !== 'line') return { kind: 'cancel' };
      const t = a.text.trim().toLowerCase();
      if (t === '' || t === 'y' || t === 'yes') return { kind: 'submit' };
      if (t === 'n' || t === 'no') return { kind: 'leave' };
      if (t === 'cancel') return { kind: 'cancel' };
      const n = /^\d+$/.test(t) ? buttons[Number(t) - 1] : buttons.find((b) => b.label.toLowerCase() === t);
      if (n) return { kind: 'button', button: n };
      this.s.print(p.yellow(`    answer y, n, cancel${buttons.length ? ` or 1-${buttons.length}` : ''}`));
    }
  }

  /** Clicks a button inside the modal and waits for the app to change (or replace) the view. */
  private async click(view: StoredView, b: ElementInfo): Promise<StoredView | undefined> {
    const { p, standin } = this.s;
    this.s.print(p.dim(`  → ${b.label}`));
    const res = await standin.clickButton({ userId: this.s.user.id, viewId: view.id, actionId: b.actionId, ...(b.value !== undefined ? { value: b.value } : {}) });
    if (res.status !== 200) this.s.print(p.red(`  ✘ the app answered HTTP ${res.status} to the click`));
    const changed = await this.changed(view, 5000);
    if (!changed || (changed.id === view.id && changed.hash === view.hash)) this.s.print(p.dim('  (the modal did not change)'));
    return this.top();
  }

  private async close(): Promise<void> {
    const { p, standin } = this.s;
    if (standin.topView(this.s.user.id)) await standin.closeView({ userId: this.s.user.id }).catch(() => undefined);
    this.s.print(p.dim('  (modal closed)'));
  }
}
