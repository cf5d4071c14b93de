/**
 * The Update loan form and the borrower's data: the form (and its private_metadata, which Slack stores and
 * hands to the person's client) never carries the full phone, email or street address; it shows them
 * masked, and shows them in full only when a supervisor asks, audited. Its metadata stays small and is
 * read through a schema, whatever the lender's strings.
 */
import { describe, expect, it } from 'vitest';
import { useHarness } from './use-harness.ts';
import { visibleText } from './harness.ts';
import { ASHA, CHANNEL } from './payment-helpers.ts';

const h = useHarness();
const FULL = ['9805265926', 'shriram@gmail.com', '395/13 veer dua colony'];

async function openForm(loanId: string) {
  await h.slack.slashCommand({ text: `update ${loanId}`, userId: ASHA, channelId: CHANNEL });
  return h.slack.waitForView(ASHA, 'update_loan_form');
}

const patches = (path: string) => h.credgenics.requests.filter((r) => r.method === 'PATCH' && r.path === path);
const revealed = async () => (await h.app.services.store.audit.listByActor(ASHA, 50)).filter((e) => e.action === 'pii.revealed');

describe('the Update loan form and personal details', () => {
  it('carries neither in its metadata nor in its fields the full phone, email or street; shows them masked; audits nothing', async () => {
    const before = (await revealed()).length;
    const form = await openForm('1002');
    const everything = JSON.stringify({ metadata: form.private_metadata, blocks: form.blocks });
    for (const value of FULL) expect(everything).not.toContain(value);
    const text = visibleText({ blocks: form.blocks });
    expect(text).toContain('XXXXXX5926');
    expect(text).toContain('s***@gmail.com');
    expect((await revealed()).length).toBe(before);
    await h.slack.closeView({ userId: ASHA });
  });

  it('shows the full values only on Show current details, to the supervisor, and audits it', async () => {
    const before = (await revealed()).length;
    await openForm('1002');
    await h.slack.clickButton({ userId: ASHA, actionId: 'update_loan_show_current' });
    const current = await h.slack.waitForView(ASHA, (v) => v.callback_id === 'update_loan_current');
    const text = visibleText({ blocks: current.blocks });
    for (const value of FULL) expect(text).toContain(value);
    expect(current.private_metadata).not.toContain('9805265926');
    const audit = await revealed();
    expect(audit.length).toBe(before + 1);
    expect(audit[0]).toMatchObject({ loanId: '1002', action: 'pii.revealed' });
    await h.slack.closeView({ userId: ASHA });
    await h.slack.closeView({ userId: ASHA });
  });

  it('keeps an emptied field, tells a retyped value from a change, and sends only the change', async () => {
    await openForm('1002');
    const same = await h.slack.submitView({ userId: ASHA, values: { applicant_contact_number: '098052 65926', applicant_email: 'shriram@gmail.com' } });
    expect(same.errors).toEqual({ applicant_contact_number: 'Nothing changed: edit at least one field' });
    const review = await h.slack.submitView({ userId: ASHA, values: { applicant_contact_number: '', applicant_email: 'shri.ram@example.com' } });
    expect(visibleText({ blocks: review.viewAfter?.blocks })).toContain('s***@gmail.com → s***@example.com');
    await h.slack.submitView({ userId: ASHA });
    await h.slack.waitForMessage(CHANNEL, /Loan 1002 updated/);
    expect(patches('/recovery/loan/1002').at(-1)?.body).toEqual({ applicant_email: 'shri.ram@example.com' });
  });

  it('asks for the street again when another part of the address changes', async () => {
    await openForm('1001');
    const result = await h.slack.submitView({ userId: ASHA, values: { applicant_city: 'Kutch' } });
    expect(result.errors?.['applicant_address_text']).toMatch(/Needed with the rest of the address.*Show current details/);
    await h.slack.closeView({ userId: ASHA });
  });
});

describe('modal metadata', () => {
  it('stays under 3,000 characters when the lender’s strings are long', async () => {
    const raw = h.credgenics.getRaw('1002') as { loan_details: Record<string, unknown> };
    const long = 'Plot 12, '.repeat(300);
    const loanDetails = {
      ...raw.loan_details,
      applicant_name: `Shri ${'Ram '.repeat(200)}`,
      applicant_occupation: `Business: ${'textiles and '.repeat(150)}`,
      applicant_address: [{ applicant_address_type: 'Home', applicant_address_text: long, applicant_city: `Jodhpur ${'x'.repeat(500)}`, applicant_state: 'Rajasthan', applicant_pincode: 342001 }],
    };
    h.credgenics.setFault({ match: { method: 'GET', path: '/recovery/loan/1002' }, body: { ...raw, loan_details: loanDetails } });
    const form = await openForm('1002');
    expect(form.private_metadata.length).toBeLessThanOrEqual(3000);
    const review = await h.slack.submitView({ userId: ASHA, values: { emi_amount: '6,100' } });
    expect(review.viewAfter?.callback_id).toBe('update_loan_review');
    expect(review.viewAfter?.private_metadata.length).toBeLessThanOrEqual(3000);
    await h.slack.closeView({ userId: ASHA });
    h.credgenics.clearFaults();
  });

  it('refuses a submission whose metadata is not what loanbot wrote, and sends nothing', async () => {
    const form = await openForm('1003');
    for (const metadata of ['not json', '{}', JSON.stringify({ loanId: '1003', channelId: CHANNEL, original: 'x' })]) {
      const payload = { type: 'view_submission', user: { id: ASHA, name: 'asha', team_id: 'T0LOANBOT' }, team: { id: 'T0LOANBOT' }, trigger_id: `7.7.${metadata.length}`, view: { ...form, private_metadata: metadata, state: { values: {} } } };
      const result = await h.slack.sendRaw({ body: `payload=${encodeURIComponent(JSON.stringify(payload))}`, contentType: 'application/x-www-form-urlencoded' });
      expect(result.status).toBe(200);
      expect(result.body).toContain('out of date');
    }
    expect(patches('/recovery/loan/1003')).toHaveLength(0);
    await h.slack.closeView({ userId: ASHA });
  });
});
