/**
 * A request loanbot will not read: one whose ids carry a control character, or with a NUL anywhere but in
 * what was typed into a form. Slack never sends either (its ids are letters, digits and a few marks),
 * so such a request was forged or mangled. Refused at the edge, before any id reaches the store (Postgres
 * refuses a NUL in text with an error) or a lender's URL, whichever way Slack reached loanbot.
 */

/** C0 and C1 control characters, DEL. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/** Where a request's nesting stops being worth walking: Slack's payloads are far shallower. */
const MAX_DEPTH = 12;

const obj = (value: unknown): Record<string, unknown> => (value && typeof value === 'object' ? (value as Record<string, unknown>) : {});

/** The ids a request carries: who, where, which listener, which button and what it names. */
function idsOf(body: Record<string, unknown>): unknown[] {
  const view = obj(body['view']);
  const actions = Array.isArray(body['actions']) ? body['actions'] : [];
  return [
    body['user_id'], body['channel_id'], body['team_id'], body['command'], body['trigger_id'], body['api_app_id'],
    obj(body['user'])['id'], obj(body['channel'])['id'], obj(body['team'])['id'], obj(body['container'])['channel_id'],
    obj(body['container'])['message_ts'], obj(body['event'])['user'], obj(body['event'])['channel'],
    view['id'], view['callback_id'], view['hash'],
    ...actions.flatMap((a) => {
      const action = obj(a);
      return [action['action_id'], action['block_id'], action['value'], obj(action['selected_option'])['value']];
    }),
  ];
}

function hasNul(node: unknown, depth: number): boolean {
  if (typeof node === 'string') return node.includes('\u0000');
  if (depth >= MAX_DEPTH || !node || typeof node !== 'object') return false;
  const values = Array.isArray(node) ? node : Object.values(node as Record<string, unknown>);
  return values.some((value) => hasNul(value, depth + 1));
}

/** Whether the request is one loanbot refuses to read (see above). */
export function isUnreadableRequest(body: unknown): boolean {
  const b = obj(body);
  if (idsOf(b).some((id) => typeof id === 'string' && CONTROL.test(id))) return true;
  // What people typed into a form is the form's to check: every text field refuses control characters inline.
  const view = obj(b['view']);
  return hasNul({ ...b, view: { ...view, state: undefined } }, 0);
}

/** A text from such a request made safe to store and log: each control character becomes U+FFFD. */
export function withoutControlCharacters(text: string | undefined): string | undefined {
  return text?.replace(new RegExp(CONTROL.source, 'g'), '\uFFFD');
}
