/**
 * `npx tsx bench/only-logging.ts`: what one log line costs through loanbot's logger (redaction and PII
 * masking included) against a bare pino logger, both writing to a null stream: a request line, a lender
 * body with a borrower's details, and an error line.
 */
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import { createLogger } from '../src/log.ts';

const sink = () => new Writable({ write: (_chunk, _encoding, done) => done() });
const LINES = 20_000;

const request = { kind: 'command', command: '/loan', user: 'U01ASHA', channel: 'C0COLLECT', ackMs: 3.2, lender: 'credgenics', operation: 'get_loan', status: 200, ms: 12 };
const body = { answer: { data: { output: { loans: [{ loan_id: '1001', applicant_name: 'Keval Gor', applicant_contact_number: '9706367068', applicant_email: 'keval@example.com', total_loan_amount: 500000 }] } } } };
const failure = { err: Object.assign(new Error('Credgenics answered 400'), { lenderMessage: 'payment_method is locked for this loan', status: 400 }), writeId: 'w_abc', loanId: '1001' };

function microsPerLine(logger: Logger, object: object): number {
  for (let i = 0; i < 1_000; i++) logger.info(object, 'warm-up');
  const started = performance.now();
  for (let i = 0; i < LINES; i++) logger.info(object, 'a line');
  return ((performance.now() - started) * 1000) / LINES;
}

const loanbot = createLogger({ level: 'info', destination: sink() });
const bare = pino({ level: 'info' }, sink());
for (const [name, object] of [['request line', request], ['lender body with PII', body], ['error line', failure]] as const) {
  process.stdout.write(`${name.padEnd(22)} loanbot ${microsPerLine(loanbot, object).toFixed(1).padStart(6)} µs · bare pino ${microsPerLine(bare, object).toFixed(1).padStart(5)} µs\n`);
}
