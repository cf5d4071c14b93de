/**
 * What a lender answers is checked before anyone sees it: an answer about another loan is refused and
 * said so, naming both loans; an answer too large to be a loan is not read at all.
 */
import { describe, expect, it } from 'vitest';
import { useHarness } from './use-harness.ts';
import { visibleText } from './harness.ts';

const h = useHarness();
const ASHA = 'U01ASHA';
const CHANNEL = 'C0COLLECT';

async function lookUpAndWait(loanId: string, answer: RegExp) {
  await h.slack.slashCommand({ text: loanId, userId: ASHA, channelId: CHANNEL });
  return h.slack.waitFor(() => [...h.slack.ephemerals(ASHA), ...h.slack.messages(CHANNEL)].find((m) => answer.test(visibleText(m))));
}

describe('a lender answer about another loan', () => {
  it('is refused, naming the loan asked for and the loan answered', async () => {
    h.credgenics.setFault({ match: { method: 'GET', path: '/recovery/loan/1001' }, body: h.credgenics.getRaw('1003') as object });
    const answer = await lookUpAndWait('1001', /1003/);
    const text = visibleText(answer);
    expect(text).toContain('loan 1001');
    expect(text).toContain('loan 1003');
    expect(text).not.toMatch(/^Loan 1001 ·/m);
    const borrower1003 = (h.credgenics.getRaw('1003') as { loan_details: { applicant_name: string } }).loan_details.applicant_name;
    for (const message of h.slack.messages(CHANNEL)) expect(visibleText(message)).not.toContain(borrower1003);
  });
});

describe('a lender answer too large to be a loan', { timeout: 30_000 }, () => {
  it('is refused without being read (a 50 MB body)', async () => {
    const raw = h.credgenics.getRaw('1002') as Record<string, unknown>;
    h.credgenics.setFault({ match: { method: 'GET', path: '/recovery/loan/1002' }, body: { ...raw, padding: 'x'.repeat(50 * 1024 * 1024) } });
    const answer = await lookUpAndWait('1002', /too large|MB/);
    expect(visibleText(answer)).toMatch(/Credgenics answered with more than \d+ MB/);
    expect(h.slack.messages(CHANNEL).filter((m) => /^Loan 1002 ·/.test(m.text))).toHaveLength(0);
  });
});
