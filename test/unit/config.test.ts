import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';

const live = {
  SLACK_BOT_TOKEN: 'xoxb-test',
  SLACK_SIGNING_SECRET: 'secret',
  CREDGENICS_AUTH_TOKEN: 'cg-token',
  CREDGENICS_ROLE: 'agent',
};

describe('config', () => {
  it('names every missing variable at once', () => {
    const result = loadConfig({});
    expect(result.ok).toBe(false);
    const text = result.ok ? '' : result.problems.join('\n');
    for (const name of ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'CREDGENICS_AUTH_TOKEN', 'CREDGENICS_ROLE']) {
      expect(text).toContain(name);
    }
  });

  it('reads a complete live environment with the contract’s defaults', () => {
    const result = loadConfig(live);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config).toMatchObject({
      port: 3000,
      lenders: 'live',
      credgenics: { baseUrl: 'https://api.credgenics.com', authToken: 'cg-token', role: 'agent' },
      apollo: null,
      dataDir: './data',
      timeZone: 'Asia/Kolkata',
      logLevel: 'info',
      roles: { viewers: undefined, agents: undefined, supervisors: undefined },
    });
  });

  it('reads LOANBOT_RETRY_BACKOFF_MS as the waits between automatic tries, and refuses a malformed list by name', () => {
    const byDefault = loadConfig(live);
    expect(byDefault.ok && byDefault.config.retryBackoffMs).toEqual([20_000, 60_000]);
    const set = loadConfig({ ...live, LOANBOT_RETRY_BACKOFF_MS: '500,1000,2000' });
    expect(set.ok && set.config.retryBackoffMs).toEqual([500, 1_000, 2_000]);
    for (const bad of ['20s', '1,,2', '-5', '4000000']) {
      const result = loadConfig({ ...live, LOANBOT_RETRY_BACKOFF_MS: bad });
      expect(result.ok ? '' : result.problems.join('\n')).toContain('LOANBOT_RETRY_BACKOFF_MS');
    }
  });

  it('reports malformed values by name', () => {
    const result = loadConfig({ ...live, PORT: 'eighty', SLACK_API_URL: 'http://x/api', LOG_LEVEL: 'loud', LOANBOT_TIMEZONE: 'Mars/Base', LOANBOT_AGENTS: 'asha' });
    expect(result.ok).toBe(false);
    const text = result.ok ? '' : result.problems.join('\n');
    for (const name of ['PORT', 'SLACK_API_URL', 'LOG_LEVEL', 'LOANBOT_TIMEZONE', 'LOANBOT_AGENTS']) expect(text).toContain(name);
  });

  it('wants all Apollo variables or none', () => {
    const partial = loadConfig({ ...live, APOLLO_API_KEY: 'k', APOLLO_PARTNER_TAG: 'ABC' });
    expect(partial.ok).toBe(false);
    if (!partial.ok) expect(partial.problems.join('\n')).toMatch(/APOLLO_TOKEN_URL.*APOLLO_UPDATE_URL/);
  });

  it('needs no lender variable in sandbox mode, and no signing secret in Socket Mode', () => {
    const result = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', LOANBOT_LENDERS: 'sandbox' });
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.config.credgenics).toBeNull();
  });

  it('parses role and channel lists', () => {
    const result = loadConfig({ ...live, LOANBOT_AGENTS: 'U01ASHA, S0COLLECT', LOANBOT_CHANNELS: 'C0COLLECT' });
    expect(result.ok && result.config.roles.agents).toEqual(['U01ASHA', 'S0COLLECT']);
    expect(result.ok && result.config.channels).toEqual(['C0COLLECT']);
  });
});
