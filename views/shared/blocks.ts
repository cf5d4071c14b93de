/**
 * The few Block Kit builders every surface shares. All text that came from a person or a lender goes
 * through `escapeMrkdwn` so nobody can ping @channel, fake a link or inject formatting through loanbot.
 */
import type { KnownBlock, Button, SectionBlock } from '@slack/types';

export const LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  sectionText: 3000,
  fieldText: 2000,
  fieldsPerSection: 10,
  headerText: 150,
  buttonText: 75,
  contextElements: 10,
} as const;

/** Slack's three control characters; also neutralises <!channel>, <@U…> and <http://x|y>. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Clip to a limit (Slack counts UTF-16 units), never splitting a character, with an ellipsis. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = '';
  for (const char of text) {
    if (out.length + char.length > max - 1) break;
    out += char;
  }
  return `${out}…`;
}

export function header(text: string): KnownBlock {
  return { type: 'header', text: { type: 'plain_text', text: clip(text, LIMITS.headerText), emoji: true } };
}

/** A section of mrkdwn text; the text must already be escaped where it holds outside input. */
export function section(mrkdwn: string, blockId?: string): SectionBlock {
  return { type: 'section', ...(blockId ? { block_id: blockId } : {}), text: { type: 'mrkdwn', text: clip(mrkdwn, LIMITS.sectionText) } };
}

/**
 * A section of label/value fields, split into as many sections as Slack's 10-field limit needs.
 * Values are escaped here, except a `mrkdwn` value we built ourselves (e.g. a `<@U…>` mention).
 */
export function fieldSections(fields: Array<{ label: string; value: string } | { label: string; mrkdwn: string }>): SectionBlock[] {
  const sections: SectionBlock[] = [];
  for (let i = 0; i < fields.length; i += LIMITS.fieldsPerSection) {
    sections.push({
      type: 'section',
      fields: fields.slice(i, i + LIMITS.fieldsPerSection).map((f) => ({
        type: 'mrkdwn' as const,
        text: clip(`*${escapeMrkdwn(f.label)}*\n${'mrkdwn' in f ? f.mrkdwn : escapeMrkdwn(f.value)}`, LIMITS.fieldText),
      })),
    });
  }
  return sections;
}

/** A mention of a Slack user id we hold ourselves (never of text someone typed). */
export function mention(userId: string): string {
  return /^[UW][A-Z0-9]+$/.test(userId) ? `<@${userId}>` : escapeMrkdwn(userId);
}

export function context(...mrkdwn: string[]): KnownBlock {
  return {
    type: 'context',
    elements: mrkdwn.slice(0, LIMITS.contextElements).map((text) => ({ type: 'mrkdwn' as const, text: clip(text, LIMITS.sectionText) })),
  };
}

export function divider(): KnownBlock {
  return { type: 'divider' };
}

export function button(text: string, actionId: string, value: string, style?: 'primary' | 'danger'): Button {
  return {
    type: 'button',
    text: { type: 'plain_text', text: clip(text, LIMITS.buttonText), emoji: true },
    action_id: actionId,
    value,
    ...(style ? { style } : {}),
  };
}

export function actions(blockId: string, elements: Button[]): KnownBlock {
  return { type: 'actions', block_id: blockId, elements };
}

/** A bullet list as one section, clipped to Slack's section limit. */
export function bulletSection(title: string, lines: string[]): SectionBlock {
  const body = lines.map((line) => `• ${escapeMrkdwn(line)}`).join('\n');
  return section(`*${title}*\n${body}`);
}
