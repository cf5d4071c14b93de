/**
 * Block Kit limits, checked the way Slack rejects payloads with `invalid_blocks`.
 * Pure: give it what the app sent, get back human-readable problems (empty array = fine).
 *
 * One deliberate deviation: action_ids must be unique within the whole message/view
 * (Slack itself only requires uniqueness within a block); the driver finds buttons by action_id.
 */

type Obj = Record<string, unknown>;

export const MESSAGE_LIMITS = { blocks: 50, text: 40_000 } as const;
export const VIEW_LIMITS = { blocks: 100, title: 24, button: 24, privateMetadata: 3000, callbackId: 255, externalId: 255 } as const;

export const NO_TEXT = 'message: needs text or blocks';
const TEXT_TOO_LONG = 'text: longer than 40000 characters';

const KNOWN_BLOCKS = new Set([
  'actions', 'context', 'context_actions', 'divider', 'file', 'header', 'image', 'input', 'markdown',
  'rich_text', 'section', 'table', 'video', 'alert', 'card', 'carousel', 'container', 'data_table', 'plan', 'task_card',
]);
const OPTION_LIMIT: Record<string, number> = {
  static_select: 100, multi_static_select: 100, radio_buttons: 10, checkboxes: 10, overflow: 5,
};

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

class Checker {
  readonly problems: string[] = [];
  private readonly blockIds = new Set<string>();
  /** Slack wants an action_id unique within its block (block_ids are unique across the whole message or view). */
  private readonly actionIds = new Set<string>();

  add(path: string, msg: string): void {
    this.problems.push(`${path}: ${msg}`);
  }

  maxLen(path: string, value: unknown, max: number): void {
    if (value === undefined || value === null) return;
    if (typeof value !== 'string') return this.add(path, 'must be a string');
    if (value.length > max) this.add(path, `${value.length} characters, max ${max}`);
  }

  /** A text object: `{type:'plain_text'|'mrkdwn', text}`. */
  text(path: string, value: unknown, max: number, o: { required?: boolean; plainOnly?: boolean } = {}): void {
    if (value === undefined || value === null) {
      if (o.required) this.add(path, 'is required');
      return;
    }
    if (!isObj(value)) return this.add(path, 'must be a text object');
    const type = value['type'];
    if (type !== 'plain_text' && type !== 'mrkdwn') return this.add(`${path}.type`, `unknown text type ${String(type)}`);
    if (o.plainOnly && type !== 'plain_text') this.add(`${path}.type`, 'must be plain_text');
    const text = value['text'];
    if (typeof text !== 'string') return this.add(`${path}.text`, 'must be a string');
    if (text.length === 0) this.add(`${path}.text`, 'must not be empty');
    this.maxLen(`${path}.text`, text, max);
  }

  blocks(path: string, blocks: unknown, max: number): void {
    if (blocks === undefined || blocks === null) return;
    if (!Array.isArray(blocks)) return this.add(path, 'must be an array');
    if (blocks.length > max) this.add(path, `${blocks.length} blocks, max ${max}`);
    blocks.forEach((b, i) => this.block(`${path}[${i}]`, b));
  }

  private block(path: string, b: unknown): void {
    if (!isObj(b)) return this.add(path, 'must be an object');
    const type = b['type'];
    if (typeof type !== 'string' || !KNOWN_BLOCKS.has(type)) return this.add(`${path}.type`, `unknown block type ${String(type)}`);
    const blockId = b['block_id'];
    if (blockId !== undefined) {
      this.maxLen(`${path}.block_id`, blockId, 255);
      if (typeof blockId === 'string') {
        if (this.blockIds.has(blockId)) this.add(`${path}.block_id`, `duplicate block_id "${blockId}"`);
        this.blockIds.add(blockId);
      }
    }
    this.actionIds.clear();
    switch (type) {
      case 'section': {
        if (b['text'] === undefined && b['fields'] === undefined) this.add(path, 'section needs text or fields');
        this.text(`${path}.text`, b['text'], 3000);
        const fields = b['fields'];
        if (fields !== undefined) {
          if (!Array.isArray(fields)) this.add(`${path}.fields`, 'must be an array');
          else {
            if (fields.length > 10) this.add(`${path}.fields`, `${fields.length} fields, max 10`);
            fields.forEach((f, i) => this.text(`${path}.fields[${i}]`, f, 2000));
          }
        }
        if (b['accessory'] !== undefined) this.element(`${path}.accessory`, b['accessory']);
        break;
      }
      case 'header':
        this.text(`${path}.text`, b['text'], 150, { required: true, plainOnly: true });
        break;
      case 'actions':
        this.elements(`${path}.elements`, b['elements'], 25, (p, e) => this.element(p, e));
        break;
      case 'context':
        this.elements(`${path}.elements`, b['elements'], 10, (p, e) => {
          if (isObj(e) && e['type'] === 'image') this.maxLen(`${p}.alt_text`, e['alt_text'], 2000);
          else this.text(p, e, 3000);
        });
        break;
      case 'input':
        this.text(`${path}.label`, b['label'], 2000, { required: true, plainOnly: true });
        this.text(`${path}.hint`, b['hint'], 2000, { plainOnly: true });
        if (b['element'] === undefined) this.add(`${path}.element`, 'is required');
        else this.element(`${path}.element`, b['element']);
        break;
      case 'image':
        this.maxLen(`${path}.image_url`, b['image_url'], 3000);
        this.maxLen(`${path}.alt_text`, b['alt_text'], 2000);
        this.text(`${path}.title`, b['title'], 2000, { plainOnly: true });
        break;
      case 'markdown':
        this.maxLen(`${path}.text`, b['text'], 12_000);
        break;
      default:
        break;
    }
  }

  private elements(path: string, els: unknown, max: number, each: (p: string, e: unknown) => void): void {
    if (!Array.isArray(els)) return this.add(path, 'must be an array');
    if (els.length === 0) this.add(path, 'must not be empty');
    if (els.length > max) this.add(path, `${els.length} elements, max ${max}`);
    els.forEach((e, i) => each(`${path}[${i}]`, e));
  }

  private element(path: string, e: unknown): void {
    if (!isObj(e)) return this.add(path, 'must be an object');
    const type = typeof e['type'] === 'string' ? e['type'] : '';
    const actionId = e['action_id'];
    if (actionId !== undefined) {
      this.maxLen(`${path}.action_id`, actionId, 255);
      if (typeof actionId === 'string') {
        if (this.actionIds.has(actionId)) this.add(`${path}.action_id`, `duplicate action_id "${actionId}"`);
        this.actionIds.add(actionId);
      }
    }
    this.text(`${path}.placeholder`, e['placeholder'], 150, { plainOnly: true });
    if (isObj(e['confirm'])) this.confirm(`${path}.confirm`, e['confirm']);
    if (type === 'button') {
      this.text(`${path}.text`, e['text'], 75, { required: true, plainOnly: true });
      this.maxLen(`${path}.value`, e['value'], 2000);
      this.maxLen(`${path}.url`, e['url'], 3000);
      const style = e['style'];
      if (style !== undefined && style !== 'primary' && style !== 'danger') this.add(`${path}.style`, `unknown style ${String(style)}`);
    } else if (type === 'image') {
      this.maxLen(`${path}.alt_text`, e['alt_text'], 2000);
    } else if (type === 'plain_text_input') {
      this.maxLen(`${path}.initial_value`, e['initial_value'], 3000);
    } else if (type === 'datepicker' && e['initial_date'] !== undefined) {
      if (typeof e['initial_date'] !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(e['initial_date']))
        this.add(`${path}.initial_date`, 'must be YYYY-MM-DD');
    }
    const limit = OPTION_LIMIT[type];
    if (limit !== undefined) this.options(path, type, e, limit);
  }

  private options(path: string, type: string, e: Obj, limit: number): void {
    const opts = e['options'];
    const groups = e['option_groups'];
    const plainOnly = type.endsWith('select') || type === 'overflow';
    if (opts === undefined && groups === undefined) return this.add(`${path}.options`, 'is required');
    if (opts !== undefined) {
      if (!Array.isArray(opts)) return this.add(`${path}.options`, 'must be an array');
      if (opts.length > limit) this.add(`${path}.options`, `${opts.length} options, max ${limit}`);
      opts.forEach((o, i) => this.option(`${path}.options[${i}]`, o, plainOnly));
    }
    if (groups !== undefined) {
      if (!Array.isArray(groups)) return this.add(`${path}.option_groups`, 'must be an array');
      if (groups.length > 100) this.add(`${path}.option_groups`, `${groups.length} groups, max 100`);
      groups.forEach((g, gi) => {
        const gp = `${path}.option_groups[${gi}]`;
        if (!isObj(g) || !Array.isArray(g['options'])) return this.add(gp, 'needs options');
        this.text(`${gp}.label`, g['label'], 75, { required: true, plainOnly: true });
        if (g['options'].length > 100) this.add(`${gp}.options`, `${g['options'].length} options, max 100`);
        g['options'].forEach((o, i) => this.option(`${gp}.options[${i}]`, o, plainOnly));
      });
    }
  }

  private option(path: string, o: unknown, plainOnly: boolean): void {
    if (!isObj(o)) return this.add(path, 'must be an object');
    this.text(`${path}.text`, o['text'], 75, { required: true, plainOnly });
    this.maxLen(`${path}.value`, o['value'], 150);
    this.text(`${path}.description`, o['description'], 75);
  }

  private confirm(path: string, c: Obj): void {
    this.text(`${path}.title`, c['title'], 100, { plainOnly: true });
    this.text(`${path}.text`, c['text'], 300);
    this.text(`${path}.confirm`, c['confirm'], 30, { plainOnly: true });
    this.text(`${path}.deny`, c['deny'], 30, { plainOnly: true });
  }
}

export interface MessageInput {
  text?: unknown;
  blocks?: unknown;
  attachments?: unknown;
}

/** Problems with a message (chat.postMessage / postEphemeral / update, response_url, slash-command ack). */
export function checkMessage(msg: MessageInput): string[] {
  const c = new Checker();
  const hasText = typeof msg.text === 'string' && msg.text.length > 0;
  const hasBlocks = Array.isArray(msg.blocks) && msg.blocks.length > 0;
  const hasAttachments = Array.isArray(msg.attachments) && msg.attachments.length > 0;
  if (!hasText && !hasBlocks && !hasAttachments) c.problems.push(NO_TEXT);
  if (typeof msg.text === 'string' && msg.text.length > MESSAGE_LIMITS.text) c.problems.push(TEXT_TOO_LONG);
  c.blocks('blocks', msg.blocks, MESSAGE_LIMITS.blocks);
  return c.problems;
}

/** Problems with a view (views.open / push / update / publish, view_submission ack). */
export function checkView(view: unknown): string[] {
  const c = new Checker();
  if (!isObj(view)) return ['view: must be an object'];
  const type = view['type'];
  if (type !== 'modal' && type !== 'home') c.add('view.type', `must be modal or home, got ${String(type)}`);
  if (!Array.isArray(view['blocks'])) c.add('view.blocks', 'is required');
  c.blocks('view.blocks', view['blocks'], VIEW_LIMITS.blocks);
  if (type === 'modal') {
    c.text('view.title', view['title'], VIEW_LIMITS.title, { required: true, plainOnly: true });
    c.text('view.submit', view['submit'], VIEW_LIMITS.button, { plainOnly: true });
    c.text('view.close', view['close'], VIEW_LIMITS.button, { plainOnly: true });
    const hasInput = Array.isArray(view['blocks']) && view['blocks'].some((b) => isObj(b) && b['type'] === 'input');
    if (hasInput && view['submit'] === undefined) c.add('view.submit', 'is required when the view has input blocks');
  }
  c.maxLen('view.private_metadata', view['private_metadata'], VIEW_LIMITS.privateMetadata);
  c.maxLen('view.callback_id', view['callback_id'], VIEW_LIMITS.callbackId);
  c.maxLen('view.external_id', view['external_id'], VIEW_LIMITS.externalId);
  return c.problems;
}

/** The error code Slack answers with for these message problems. */
export function messageErrorCode(problems: string[]): 'no_text' | 'msg_too_long' | 'invalid_blocks' {
  if (problems.includes(TEXT_TOO_LONG)) return 'msg_too_long';
  if (problems.length === 1 && problems[0] === NO_TEXT) return 'no_text';
  return 'invalid_blocks';
}
