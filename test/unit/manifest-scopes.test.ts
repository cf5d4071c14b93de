/**
 * manifest.yml asks for exactly the bot scopes the code's Web API calls need: no scope nobody uses
 * (an admin approving the app reads that list), and none missing.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The bot scope each Web API method loanbot may call needs (null: none). From Slack's method reference. */
const SCOPE_OF: Record<string, string | null> = {
  'auth.test': null,
  'chat.postMessage': 'chat:write',
  'chat.postEphemeral': 'chat:write',
  'chat.update': 'chat:write',
  'views.open': null,
  'views.push': null,
  'views.update': null,
  'views.publish': null,
  'usergroups.users.list': 'usergroups:read',
  'users.info': 'users:read',
  'conversations.info': 'channels:read',
  'conversations.open': 'im:write',
  'files.info': 'files:read',
  'files.getUploadURLExternal': 'files:write',
  'files.completeUploadExternal': 'files:write',
};

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'slack-standin' || name === 'shell' || name === 'sandbox' ? [] : sources(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

function calledMethods(): Set<string> {
  const methods = new Set<string>();
  for (const file of ['src', 'views', 'commands'].flatMap((dir) => sources(join(ROOT, dir)))) {
    for (const m of readFileSync(file, 'utf8').matchAll(/\bclient\.(auth|chat|views|users|usergroups|conversations|files)\.([a-zA-Z]+(?:\.[a-zA-Z]+)?)\(/g)) {
      methods.add(`${m[1]}.${m[2]}`);
    }
  }
  return methods;
}

function manifestBotScopes(): string[] {
  const text = readFileSync(join(ROOT, 'manifest.yml'), 'utf8');
  const bot = /\n {4}bot:\n((?: {6}- .*\n)+)/.exec(text)?.[1] ?? '';
  return [...bot.matchAll(/- ([a-z:.]+)/g)].map((m) => m[1] ?? '');
}

describe('manifest.yml scopes', () => {
  it('requests exactly the scopes of the Web API methods the code calls, plus commands for /loan', () => {
    const methods = calledMethods();
    expect(methods.size).toBeGreaterThan(3);
    for (const method of methods) expect(Object.keys(SCOPE_OF), `a scope entry for ${method}`).toContain(method);
    const needed = new Set(['commands', ...[...methods].map((m) => SCOPE_OF[m]).filter((s): s is string => !!s)]);
    expect(manifestBotScopes().sort()).toEqual([...needed].sort());
  });
});
