/**
 * A submitted view's `state.values` → a plain map of block id → typed text, whatever the element.
 * By convention our inputs use the same string as block id and action id.
 */
interface ElementState {
  type?: string;
  value?: string | null;
  selected_option?: { value?: string } | null;
  selected_date?: string | null;
  selected_options?: Array<{ value?: string }> | null;
  selected_user?: string | null;
  selected_conversation?: string | null;
}

export interface ViewWithState {
  state?: { values?: Record<string, Record<string, ElementState>> };
}

function valueOf(element: ElementState | undefined): string | undefined {
  if (!element) return undefined;
  if (typeof element.value === 'string') return element.value;
  if (element.selected_option) return element.selected_option.value;
  if (typeof element.selected_date === 'string') return element.selected_date;
  if (Array.isArray(element.selected_options)) return element.selected_options.map((o) => o.value ?? '').join(',');
  return element.selected_user ?? element.selected_conversation ?? undefined;
}

export function readViewValues<K extends string>(view: ViewWithState, fields: readonly K[]): Partial<Record<K, string>> {
  const values = view.state?.values ?? {};
  const out: Partial<Record<K, string>> = {};
  for (const field of fields) {
    const block = values[field];
    const value = valueOf(block?.[field] ?? Object.values(block ?? {})[0]);
    if (value !== undefined) out[field] = value;
  }
  return out;
}
