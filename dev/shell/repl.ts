/**
 * The read–run loop, the same for a person and a script: ask for a line (giving way to a modal that opens
 * meanwhile), run it, then let the app settle. Scripts wait for the app to go quiet after every line and
 * answer modals from the following lines; a person gets the prompt back quickly and sees output as it comes.
 */
import { dispatch, type Outcome } from './dispatch.ts';
import type { Feed } from './feed.ts';
import type { MetaContext } from './meta-commands.ts';
import type { ModalWalker } from './modal-walker.ts';
import type { Session } from './session.ts';
import { settle } from './settle.ts';

export async function runLoop(s: Session, walker: ModalWalker, feed: Feed): Promise<void> {
  const ctx: MetaContext = { s, walk: () => walker.walk(), lastHomeAt: () => feed.lastHomeAt };
  const walk = () => walker.walk();
  for (;;) {
    if (s.modalPending) {
      await walker.walk();
      continue;
    }
    const abort = new AbortController();
    const stopListening = s.onModalPending(() => abort.abort());
    const answer = await s.io.ask(s.prompt(), { signal: abort.signal });
    stopListening();
    if (answer.kind === 'aborted') continue;
    if (answer.kind === 'eof') return;
    if (answer.kind === 'interrupt') {
      s.print(s.p.dim('  (Ctrl-C again, Ctrl-D or quit to leave)'));
      continue;
    }
    let outcome: Outcome = 'ok';
    try {
      outcome = await dispatch(ctx, answer.text);
    } catch (error) {
      s.print(s.p.red(`  ✘ ${error instanceof Error ? error.message : String(error)}`));
    }
    if (outcome === 'quit') return;
    if (s.io.interactive) await settle(s, { quietMs: 150, capMs: 2000 });
    else await settle(s, { walk });
  }
}
