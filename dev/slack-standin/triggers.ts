/**
 * trigger_id bookkeeping: issued by the driver with each interaction, exchangeable once,
 * within `ttlMs` (Slack: 3 s). Every exchange attempt of a known trigger is recorded with its age.
 */
import type { IdSource } from './ids.ts';
import type { TriggerUse } from './types.ts';

export const DEFAULT_TRIGGER_TTL_MS = 3000;

export interface TriggerRecord {
  id: string;
  userId: string;
  issuedAt: number;
  usedAt?: number;
}

export type TriggerExchange =
  | { ok: true; trigger: TriggerRecord }
  | { ok: false; error: 'invalid_trigger_id' | 'expired_trigger_id' | 'exchanged_trigger_id' };

export class TriggerRegistry {
  private readonly triggers = new Map<string, TriggerRecord>();
  readonly uses: TriggerUse[] = [];

  constructor(
    private readonly ids: IdSource,
    private readonly now: () => number,
    public ttlMs: number = DEFAULT_TRIGGER_TTL_MS,
  ) {}

  /** A fresh trigger for `userId`; `issuedAt` may be backdated to test expiry. */
  issue(userId: string, issuedAt: number = this.now()): TriggerRecord {
    const t: TriggerRecord = { id: this.ids.triggerId(), userId, issuedAt };
    this.triggers.set(t.id, t);
    return t;
  }

  get(id: string): TriggerRecord | undefined {
    return this.triggers.get(id);
  }

  exchange(id: unknown, method: string): TriggerExchange {
    const t = typeof id === 'string' ? this.triggers.get(id) : undefined;
    if (!t) return { ok: false, error: 'invalid_trigger_id' };
    const now = this.now();
    const ageMs = now - t.issuedAt;
    let result: TriggerExchange;
    if (t.usedAt !== undefined) result = { ok: false, error: 'exchanged_trigger_id' };
    else if (ageMs > this.ttlMs) result = { ok: false, error: 'expired_trigger_id' };
    else {
      t.usedAt = now;
      result = { ok: true, trigger: t };
    }
    const use: TriggerUse = { triggerId: t.id, method, ageMs, ok: result.ok };
    if (!result.ok) use.error = result.error;
    this.uses.push(use);
    return result;
  }

  clear(): void {
    this.triggers.clear();
    this.uses.length = 0;
  }
}
