import { describe, expect, it } from 'vitest';
import { isSlackFileUrl } from '../../views/shared/slack-files.ts';

describe('where the bot token may be sent for a file', () => {
  it('only to Slack’s file host, or to the configured SLACK_API_URL host', () => {
    expect(isSlackFileUrl('https://files.slack.com/files-pri/T1-F1/download/a.csv', undefined)).toBe(true);
    expect(isSlackFileUrl('http://files.slack.com/files-pri/T1-F1/a.csv', undefined)).toBe(false);
    expect(isSlackFileUrl('https://files.slack.com.evil.example/a.csv', undefined)).toBe(false);
    expect(isSlackFileUrl('https://evil.example/files-pri/a.csv', undefined)).toBe(false);
    expect(isSlackFileUrl('http://127.0.0.1:4000/files-pri/T1-F1/a.csv', 'http://127.0.0.1:4000/api/')).toBe(true);
    expect(isSlackFileUrl('http://127.0.0.1:4001/files-pri/T1-F1/a.csv', 'http://127.0.0.1:4000/api/')).toBe(false);
    expect(isSlackFileUrl('not a url', undefined)).toBe(false);
  });
});
