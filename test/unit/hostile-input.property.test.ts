/**
 * Property-based tests over hostile input: command text, modal values and lender bodies.
 * Runs per property are stated; the whole file stays well under 10 s.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseLoanCommand, isValidLoanId } from '../../src/domain/command-text.ts';
import { validatePayment } from '../../src/domain/payment.ts';
import { parseAmount, MAX_AMOUNT } from '../../src/domain/amount.ts';
import { buildLoanSummary } from '../../src/domain/loan-summary.ts';
import { parseGetLoanResponse } from '../../src/lenders/credgenics/schemas.ts';
import { toLoan } from '../../src/lenders/credgenics/to-loan.ts';
import { createCredgenicsClient } from '../../src/lenders/credgenics/client.ts';
import { createLogger } from '../../src/log.ts';
import { escapeMrkdwn } from '../../views/shared/blocks.ts';
import { loanSummaryMessage } from '../../views/loan/summary.ts';
import { checkMessage } from '../../dev/slack-standin/block-kit-limits.ts';

const NASTY = ['1e309', '-0', '₹1,00,000', '١٢٣', '<!channel>', '*bold*', '<http://x|y>', '\u0000\u001b[31m', '😀'.repeat(50), 'x'.repeat(10_000), '../../admin', '1001?x=1', '%2e%2e%2f', ' ', '\n\t'];
const hostileString = fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'grapheme', maxLength: 60 }), fc.constantFrom(...NASTY));

describe('command text (500 runs)', () => {
  it('never throws, and only well-formed loan ids get through', () => {
    fc.assert(
      fc.property(hostileString, (text) => {
        const parsed = parseLoanCommand(text);
        if ('loanId' in parsed) expect(isValidLoanId(parsed.loanId)).toBe(true);
        if (parsed.kind === 'help' && parsed.reason) expect(parsed.reason.length).toBeLessThan(200);
      }),
      { numRuns: 500 },
    );
  });
});

describe('escaping (500 runs)', () => {
  it('leaves no control character of Slack’s mrkdwn unescaped', () => {
    fc.assert(
      fc.property(hostileString, (text) => {
        const escaped = escapeMrkdwn(text);
        expect(escaped).not.toMatch(/[<>]/);
        expect(escaped.replace(/&(amp|lt|gt);/g, '')).not.toContain('&');
      }),
      { numRuns: 500 },
    );
  });
});

describe('modal values (1,000 runs)', () => {
  it('never throws; an accepted amount is positive, finite, at most 2 decimals and at most ₹10 crore', () => {
    const field = fc.option(hostileString, { nil: undefined });
    fc.assert(
      fc.property(
        fc.record({ amount: field, final_status: fc.option(fc.constantFrom('Partially Recovered', 'Closed', 'closed', '<!here>'), { nil: undefined }), payment_method: field, date_of_default: field, allocation_month: field, reference: field, payment_mode: field, closure_with: field }),
        (input) => {
          const result = validatePayment(input, { loanId: '1001', kind: 'lending' }, '2026-11-25');
          if (result.ok) {
            expect(result.draft.amount).toBeGreaterThan(0);
            expect(result.draft.amount).toBeLessThanOrEqual(MAX_AMOUNT);
            expect(Math.round(result.draft.amount * 100)).toBeCloseTo(result.draft.amount * 100, 6);
          }
        },
      ),
      { numRuns: 1000 },
    );
    for (const text of NASTY) expect(parseAmount(text).ok).toBe(text === '₹1,00,000');
  });
});

describe('lender bodies (300 runs)', () => {
  it('any JSON either is refused as malformed or renders a summary within Slack’s limits', () => {
    const loanish = fc.record({
      loan_details: fc.dictionary(fc.constantFrom('applicant_name', 'total_loan_amount', 'defaults', 'applicant_address', 'applicant_contact_number', 'emi_amount', 'loan_type'), fc.jsonValue(), { maxKeys: 7 }),
      remarks: fc.oneof(fc.array(fc.record({ remarks: hostileString, created: fc.string() }), { maxLength: 300 }), fc.jsonValue()),
      communication_details: fc.jsonValue(),
    });
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), loanish), (body) => {
        const parsed = parseGetLoanResponse(body);
        if (!parsed) return;
        const summary = buildLoanSummary(toLoan('1001', parsed));
        const message = loanSummaryMessage(summary, { apolloConfigured: true, fetchedAt: 'now', sandbox: false });
        expect(checkMessage(message as never)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});

describe('lender URLs (200 runs, through HTTP)', () => {
  let server: Server;
  const paths: string[] = [];
  let url = '';
  beforeAll(async () => {
    server = createServer((req, res) => {
      paths.push(req.url ?? '');
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"message":"Loan not found"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('encodes every path segment: no loan id reaches another path', async () => {
    const logger = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });
    const client = createCredgenicsClient({ baseUrl: url, authToken: 't', role: 'r', timeoutMs: 2000, logger, readRetries: 0 });
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ minLength: 1, maxLength: 40 }), fc.constantFrom('.', '..', '%2e', '.%2E', '../../admin', '1001?x=1', '1001#frag', 'a/b')), async (loanId) => {
        paths.length = 0;
        await client.getLoan(loanId).catch(() => undefined);
        if (/^(\.|%2e){1,2}$/i.test(loanId)) {
          expect(paths).toHaveLength(0); // dot segments are refused before any request
          return;
        }
        expect(paths).toHaveLength(1);
        const path = paths[0]!;
        expect(path.startsWith('/recovery/loan/')).toBe(true);
        const rest = path.slice('/recovery/loan/'.length);
        expect(rest).not.toMatch(/[/?#]/);
        expect(decodeURIComponent(rest)).toBe(loanId);
      }),
      { numRuns: 200 },
    );
  });
});
