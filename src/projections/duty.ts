import type { JournalEvent } from '../register/event.js';

export interface OnDuty {
  badge: string;
  name: string;
  since: string;
}

/** Who is on duty (H1), folded from the duty events. */
export class DutyBoard {
  private current: OnDuty | null = null;

  apply(e: JournalEvent): void {
    const d = e.data as { badge?: string; name?: string };
    // The engine signs on only when nobody is on duty; a second sign-on in the journal is not replayed over the first.
    if (e.kind === 'duty.signed-on' && !this.current) this.current = { badge: d.badge!, name: d.name ?? '', since: e.at };
    if (e.kind === 'duty.signed-off' && this.current?.badge === d.badge) this.current = null;
  }

  /** Carries duty over from a `day.closed` note, for a journal quiet longer than the days read back. */
  restore(onDuty: OnDuty): void {
    this.current = { ...onDuty };
  }

  onDuty(): OnDuty | null {
    return this.current ? { ...this.current } : null;
  }
}
