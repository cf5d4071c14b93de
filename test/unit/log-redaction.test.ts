/**
 * The redaction list, through the real logger: Credgenics' `authenticationtoken`, Apollo's client secret
 * and API key, and Slack's tokens never reach a log line, whether they sit under a known key (config,
 * request headers as got keeps them, nested a few levels down) or inside a message.
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
});
