/**
 * A keyed digest of a borrower's value, so a form can tell "the same phone number typed again" from a
 * change without carrying the number. Keyed with a secret every instance shares (the Slack signing
 * secret, or the bot token in Socket Mode), so a digest cannot be reversed by trying every mobile number.
 */
import { createHmac } from 'node:crypto';
import type { ValueDigest } from '../domain/loan-update.ts';
import type { Config } from '../config.ts';

export function valueDigest(config: Pick<Config, 'slack'>): ValueDigest {
  const key = `loanbot value digest\u0000${config.slack.signingSecret ?? config.slack.botToken}`;
  return (field, value) => createHmac('sha256', key).update(`${field}\u0000${value}`).digest('base64url').slice(0, 22);
}
