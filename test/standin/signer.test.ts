import { describe, expect, it } from 'vitest';
import { computeSlackSignature, signSlackRequest, verifySlackRequest } from '../../dev/slack-standin/signer.ts';

// Slack's documented example ("Verifying requests from Slack"). Note the trigger_id: the published body ends in
// `…d2c447fce8b6703c`; a copy ending in `…d2c659f11283d89f` does NOT produce the published signature.
const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const TS = 1531420618;
const BODY =
  'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
const EXPECTED = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';

describe('signer', () => {
  it("matches Slack's documented example", () => {
    expect(computeSlackSignature(SECRET, BODY, TS)).toBe(EXPECTED);
    expect(computeSlackSignature(SECRET, BODY.replace('d2c447fce8b6703c', 'd2c659f11283d89f'), TS)).not.toBe(EXPECTED);
    expect(signSlackRequest(SECRET, BODY, TS)).toEqual({
      'X-Slack-Request-Timestamp': '1531420618',
      'X-Slack-Signature': EXPECTED,
    });
  });

  it('verifies the example at its own time and rejects tampering, staleness and other secrets', () => {
    const nowMs = TS * 1000 + 10_000;
    expect(verifySlackRequest(SECRET, BODY, String(TS), EXPECTED, { nowMs })).toEqual({ ok: true });
    expect(verifySlackRequest(SECRET, BODY + 'x', String(TS), EXPECTED, { nowMs })).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifySlackRequest('other', BODY, String(TS), EXPECTED, { nowMs })).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifySlackRequest(SECRET, BODY, String(TS), EXPECTED, { nowMs: (TS + 301) * 1000 })).toEqual({ ok: false, reason: 'stale_timestamp' });
    expect(verifySlackRequest(SECRET, BODY, String(TS), EXPECTED.replace('v0=', 'v1='), { nowMs })).toEqual({ ok: false, reason: 'bad_version' });
    expect(verifySlackRequest(SECRET, BODY, undefined, EXPECTED, { nowMs })).toEqual({ ok: false, reason: 'missing_headers' });
    expect(verifySlackRequest(SECRET, BODY, 'abc', EXPECTED, { nowMs })).toEqual({ ok: false, reason: 'bad_timestamp' });
  });

  it('signs with the current time by default', () => {
    const h = signSlackRequest(SECRET, 'a=b');
    expect(Math.abs(Number(h['X-Slack-Request-Timestamp']) - Date.now() / 1000)).toBeLessThan(2);
    expect(verifySlackRequest(SECRET, 'a=b', h['X-Slack-Request-Timestamp'], h['X-Slack-Signature'])).toEqual({ ok: true });
  });
});
