/** What the SQLite and Postgres outboxes do alike, beside the SQL: ids, the confirmation's columns, counts. */
import { z } from 'zod';
import { toJsonText } from './json-columns.ts';
import { emptyStates, WRITE_STATES, type WriteState } from './write-kinds.ts';

/** Ids are 60 random bits; a clash is astronomically unlikely, but is retried rather than surfaced. */
export const ID_ATTEMPTS = 5;

/**
 * markConfirmed's columns. The lender has accepted the write: nothing about the answer may stop us
 * recording that, so an answer JSON cannot represent (a BigInt, a cycle) is stored as null.
 */
export function confirmation(outcome: { result: unknown; by?: string }): { result: string; by: string | null } {
  let result = 'null';
  try {
    result = toJsonText(outcome.result ?? null, 'result');
  } catch {
    // not representable as JSON: keep the confirmation, drop the answer
  }
  return { result, by: typeof outcome.by === 'string' && outcome.by !== '' ? outcome.by : null };
}

/** Postgres counts arrive as BIGINT strings unless the pool parses them. */
const countRow = z.object({ state: z.enum(WRITE_STATES), n: z.coerce.number().int() });

/** `SELECT state, COUNT(*) AS n … GROUP BY state` → a count for every state (a state it does not know is left out). */
export function stateCounts(rows: readonly unknown[]): Record<WriteState, number> {
  const counts = emptyStates();
  for (const row of rows) {
    const parsed = countRow.safeParse(row);
    if (parsed.success) counts[parsed.data.state] = parsed.data.n;
  }
  return counts;
}
