/**
 * Global, session-stable numbers for the clickable elements of messages and Home tabs: `[1] Record payment`.
 * A button keeps its number when its message is updated, so older buttons stay clickable.
 */

/** Where an element lives: a message (channel + ts) or a published Home tab. */
export type ElementPlace = { kind: 'message'; channel: string; ts: string } | { kind: 'home'; userId: string; viewId: string } | { kind: 'view'; userId: string; viewId: string };

export interface ElementInfo {
  label: string;
  type: string;
  actionId: string;
  blockId: string;
  value: string | undefined;
  /** For selects / overflow menus: the options' texts. */
  options: string[];
}

export interface NumberedElement extends ElementInfo {
  n: number;
  place: ElementPlace;
}

function placeKey(place: ElementPlace): string {
  return place.kind === 'message' ? `m:${place.channel}:${place.ts}` : `${place.kind}:${place.userId}`;
}

export class ButtonRegistry {
  private readonly byKey = new Map<string, NumberedElement>();
  private readonly byNumber = new Map<number, NumberedElement>();
  private next = 1;

  /** The element's number: the same as before if this place already showed it (same action_id and value). */
  numberFor(place: ElementPlace, info: ElementInfo): number {
    const key = `${placeKey(place)}|${info.actionId}|${info.value ?? ''}`;
    const known = this.byKey.get(key);
    if (known) {
      Object.assign(known, info, { place });
      return known.n;
    }
    const entry: NumberedElement = { n: this.next++, place, ...info };
    this.byKey.set(key, entry);
    this.byNumber.set(entry.n, entry);
    return entry.n;
  }

  get(n: number): NumberedElement | undefined {
    return this.byNumber.get(n);
  }

  get size(): number {
    return this.byNumber.size;
  }
}
