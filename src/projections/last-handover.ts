import type { ChecklistItem } from '../domain/handover-checks.js';
import type { JournalEvent } from '../register/event.js';

/** H6, H7: what the last accepted handover handed on; the next handover starts from it. */
export interface LastHandover {
  /** The seq and time of its `handover.accepted`. */
  seq: number;
  at: string;
  /** The items as the incoming operator found them (damage and loss with their explanations). */
  checklist: ChecklistItem[];
  /** The pending matters it handed on. */
  pending: string[];
}

/**
 * The last accepted handover, folded from the journal. A `day.closed` notes it (`lastHandover`),
 * so that a site whose last handover is older than the days read back still carries it.
 */
export class LastHandoverBoard {
  private last: LastHandover | null = null;

  apply(e: JournalEvent): void {
    if (e.kind === 'handover.accepted') {
      const d = e.data as { checklist?: ChecklistItem[]; pending?: string[] };
      this.last = { seq: e.seq, at: e.at, checklist: (d.checklist ?? []).map((i) => ({ ...i })), pending: [...(d.pending ?? [])] };
    } else if (e.kind === 'day.closed' && 'lastHandover' in e.data) {
      this.last = copy(e.data.lastHandover as LastHandover | null);
    }
  }

  get(): LastHandover | null {
    return copy(this.last);
  }

  clear(): void {
    this.last = null;
  }
}

function copy(h: LastHandover | null): LastHandover | null {
  return h ? { ...h, checklist: h.checklist.map((i) => ({ ...i })), pending: [...h.pending] } : null;
}
