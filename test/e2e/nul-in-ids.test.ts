/**
 * A button's value, a user or a channel id with a NUL (or another control character) in it, as a forged
 * request could send: refused at the edge with an answer at once, on SQLite and on Postgres (which refuses
 * a NUL in text with an error), and nothing reaches the store or a lender.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPostgresUrl } from '../store/backends.ts';
import { startHarness, visibleText, type Harness } from './harness.ts';

const ASHA = 'U01ASHA';
const CHANNEL = 'C0COLLECT';
const FORM = 'application/x-www-form-urlencoded';

const backends = [
  { name: 'sqlite', env: async (): Promise<Record<string, string>> => ({}) },
  { name: 'postgres', env: async (): Promise<Record<string, string>> => ({ DATABASE_URL: await freshPostgresUrl() }) },
];

describe.each(backends)('ids with a NUL on $name', (backend) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: await backend.env() });
  });
  afterAll(async () => {
    await h.close();
  });

  function click(actionId: string, value: string, userId = ASHA) {
    const payload = {
      type: 'block_actions',
      user: { id: userId, name: 'asha', team_id: 'T0LOANBOT' },
      team: { id: 'T0LOANBOT' },
      api_app_id: 'A0LOANBOT',
      trigger_id: h.slack.issueTriggerId(ASHA),
      container: { type: 'message', message_ts: '1700000000.000100', channel_id: CHANNEL, is_ephemeral: false },
      channel: { id: CHANNEL, name: 'collections' },
      response_url: h.slack.issueResponseUrl({ userId: ASHA, channelId: CHANNEL }),
      actions: [{ action_id: actionId, block_id: 'b1', type: 'button', value, action_ts: '1.2' }],
    };
    return h.slack.sendRaw({ body: `payload=${encodeURIComponent(JSON.stringify(payload))}`, contentType: FORM });
  }

  it.each([
    ['Retry now', 'alert_retry', 'w_abc\u0000def'],
    ['Edit & retry', 'alert_edit_retry', '\u0000'],
    ['Retry failed rows', 'bulk_retry', 'b_\u0000'],
    ['More', 'summary_more', '1001\u0000'],
    ['Older', 'history_older', '1001\u0000:5'],
  ])('%s: answered at once, told it could not be read, nothing done', async (_name, actionId, value) => {
    const before = h.slack.ephemerals(ASHA).length;
    const logged = h.logs.length;
    const answer = await click(actionId, value);
    expect(answer.status).toBe(200);
    expect(answer.ackMs).toBeLessThan(1_000);
    await h.slack.waitFor(() => (h.slack.ephemerals(ASHA).length > before ? true : undefined), { description: 'a reply to the presser' });
    expect(visibleText(h.slack.ephemerals(ASHA).at(-1))).toContain('could not read');
    await h.waitUntilQuiet({ quietMs: 200 });
    expect(h.credgenics.requests).toHaveLength(0);
    expect(h.logs.slice(logged).join('')).not.toMatch(/"level":(50|60)/); // no error logged
  });

  it('a user id with a NUL: answered at once, nothing recorded', async () => {
    const answer = await click('alert_retry', 'w_aaaaaaaaaaaa', 'U01\u0000ASHA');
    expect(answer.status).toBe(200);
    expect(answer.ackMs).toBeLessThan(1_000);
    await h.waitUntilQuiet({ quietMs: 200 });
    expect(h.logs.join('')).not.toMatch(/"level":(50|60)/);
    // Audited, with the id made storable.
    const audit = await h.app.services.store.audit.listByActor('U01\uFFFDASHA', 10);
    expect(audit.map((e) => [e.action, e.outcome])).toEqual([['access.refused', 'unreadable ids']]);
  });
});

