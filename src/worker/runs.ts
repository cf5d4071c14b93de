/**
 * A run is the sends one start gives a write: its recording, or a person's Retry. Each start allows
 * `triesPerRun` sends from where the write stood (maxAttempts = attempts then + triesPerRun), so which send
 * of its run a write is on follows from the row.
 */
import type { WritePolicy } from '../domain/write-policy.ts';
import type { OutboxWrite } from '../store/index.ts';

/** Whether the write's latest send was one of loanbot's automatic retries, not the send its run began with. */
export function automaticTry(write: Pick<OutboxWrite, 'attempts' | 'maxAttempts'>, policy: Pick<WritePolicy, 'triesPerRun'>): boolean {
  const runStart = write.maxAttempts - policy.triesPerRun;
  return write.attempts - runStart > 1;
}
