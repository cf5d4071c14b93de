/**
 * The redaction list, through the real logger: Credgenics' `authenticationtoken`, Apollo's client secret
 * and API key, and Slack's tokens never reach a log line, whether they sit under a known key (config,
 * request headers as got keeps them, nested a few levels down) or inside a message. Borrowers' PII is
 * redacted under its Credgenics keys at any depth and masked in free text (a lender's message quoting it).
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';

const SECRETS = {
  SLACK_BOT_TOKEN: 'xoxb-1111-2222-botsecretvalue',
  SLACK_APP_TOKEN: 'xapp-1-A111-2222-appsecretvalue',
  SLACK_SIGNING_SECRET: 'signing-secret-value-0123',
  CREDGENICS_AUTH_TOKEN: 'cg-auth-token-value-4567',
  APOLLO_CLIENT_SECRET: 'apollo-client-secret-value-89',
  APOLLO_API_KEY: 'apollo-api-key-value-1011',
};

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger({ level: 'debug', destination }), text: () => lines.join('') };
}

describe('the real logger', () => {
  it('never writes a secret from the configuration', () => {
    const result = loadConfig({
      ...SECRETS,
      CREDGENICS_ROLE: 'agent',
      APOLLO_TOKEN_URL: 'https://apollo.example/token',
      APOLLO_CLIENT_ID: 'client-id',
      APOLLO_PARTNER_TAG: 'TAG',
      APOLLO_UPDATE_URL: 'https://apollo.example/update',
    });
    if (!result.ok) throw new Error(result.problems.join('\n'));
    const { logger, text } = capture();
    logger.info({ config: result.config }, 'configuration');
    logger.info(result.config, 'configuration, flat');
    const out = text();
    expect(out).toContain('configuration');
    for (const [name, secret] of Object.entries(SECRETS)) expect({ name, leaked: out.includes(secret) }).toEqual({ name, leaked: false });
  });

  it.each([
    ['Credgenics headers as got keeps them', { error: { options: { headers: { authenticationtoken: SECRETS.CREDGENICS_AUTH_TOKEN, role: 'agent' } } } }],
    ['Credgenics headers at the top', { headers: { authenticationtoken: SECRETS.CREDGENICS_AUTH_TOKEN } }],
    ['the Apollo client secret', { apollo: { clientSecret: SECRETS.APOLLO_CLIENT_SECRET, client_secret: SECRETS.APOLLO_CLIENT_SECRET } }],
    ['the Apollo API key header', { request: { headers: { 'x-api-key': SECRETS.APOLLO_API_KEY } } }],
    ['the Apollo Basic and Bearer headers', { request: { headers: { authorization: `Bearer ${SECRETS.APOLLO_CLIENT_SECRET}` } } }],
    ['a Slack token under token', { slack: { token: SECRETS.SLACK_BOT_TOKEN } }],
    ['a Slack token inside a message', { detail: `web api call with ${SECRETS.SLACK_BOT_TOKEN} failed` }],
    ['a Slack app token inside an error', { err: new Error(`socket mode refused ${SECRETS.SLACK_APP_TOKEN}`) }],
  ])('redacts %s', (_what, object) => {
    const { logger, text } = capture();
    logger.warn(object, 'something happened');
    const out = text();
    expect(out).toContain('something happened');
    for (const secret of Object.values(SECRETS)) expect(out).not.toContain(secret);
  });

  it('redacts a Slack token in the message itself', () => {
    const { logger, text } = capture();
    logger.error(`auth.test said invalid_auth for ${SECRETS.SLACK_BOT_TOKEN}`);
    expect(text()).toContain('invalid_auth');
    expect(text()).not.toContain(SECRETS.SLACK_BOT_TOKEN);
  });

  it('redacts borrowers’ PII under its keys at any depth, in arrays, and headers in any case', () => {
    const { logger, text } = capture();
    const loan = { loan_id: '1001', applicant_aadhar_number: '234567890123', applicant_pan_number: 'ABCPG1234K', applicant_contact_number: '9706367068', applicant_email: 'keval.gor@example.com' };
    logger.warn({ answer: { body: { data: { output: { loans: [{ details: loan }] } } } }, request: { headers: { Authorization: 'Basic c2VjcmV0OnNlY3JldA==' } } }, 'a lender body');
    const out = text();
    expect(out).toContain('"loan_id":"1001"');
    for (const value of ['234567890123', 'ABCPG1234K', '9706367068', 'keval.gor@example.com', 'c2VjcmV0OnNlY3JldA==']) expect(out).not.toContain(value);
  });

  it('masks PII a lender quotes in its message, in the error and in the log message, and keeps Slack timestamps and loan ids', () => {
    const { logger, text } = capture();
    const error = Object.assign(new Error('Credgenics answered 400'), { lenderMessage: 'applicant 97063 67068 (PAN abcpg1234k, keval.gor@example.com) already has Aadhaar 2345 6789 0123' });
    logger.error({ err: error, messageTs: '1732861234.123456', loanId: '202611290001', channel: 'C0COLLECT' }, 'update failed for +91-97063-67068');
    const out = text();
    expect(out).toContain('Credgenics answered 400');
    expect(out).toContain('"messageTs":"1732861234.123456"');
    expect(out).toContain('"loanId":"202611290001"');
    for (const value of ['97063 67068', '97063-67068', 'abcpg1234k', 'keval.gor@example.com', '2345 6789 0123']) expect(out).not.toContain(value);
    expect(out).toContain('7068');
  });

  it('leaves the logged object as it was, and never leaks through a loop or a shared part', () => {
    const { logger, text } = capture();
    const headers = { authenticationtoken: SECRETS.CREDGENICS_AUTH_TOKEN };
    const looped: Record<string, unknown> = { token: SECRETS.SLACK_BOT_TOKEN.replace('xoxb-', 'plain-'), headers, again: headers };
    looped['self'] = looped;
    logger.warn({ looped }, 'odd shapes');
    const out = text();
    expect(out).toContain('odd shapes');
    expect(out).not.toContain(SECRETS.CREDGENICS_AUTH_TOKEN);
    expect(out).not.toContain('plain-1111');
    expect(headers.authenticationtoken).toBe(SECRETS.CREDGENICS_AUTH_TOKEN);
    expect(looped['self']).toBe(looped);
  });

  it('logs an object whose getter throws without throwing at the caller', () => {
    const { logger, text } = capture();
    const hostile = { ok: 'kept', get broken(): string {
      throw new Error('no');
    } };
    expect(() => logger.warn({ hostile }, 'a library object')).not.toThrow();
    expect(text()).toContain('a library object');
    expect(text()).toContain('kept');
  });
});

