import { isSupervisorOrAbove } from '../domain/handover-checks.js';
import { acknowledgedBy, escalationOf, EscalationBoard, type EscalationRaisedData, type EscalationView } from '../projections/escalations.js';
import type { RegisterEntry } from '../projections/entries.js';
import type { JournalEvent } from '../register/event.js';
import { personOf, type ServiceDeps } from './services.js';
import { Refused } from '../domain/refusal.js';

export interface EscalationDeps extends ServiceDeps {
  /** A projected register entry by id. */
  entry: (id: string) => RegisterEntry | undefined;
}

/**
 * H9: major problems reported to the service-desk director at once, shown until acknowledged.
 * Alarms from the intercom are recorded that way already; this adds entries an operator marks
 * major, one view of both, and their acknowledgement.
 */
export class EscalationService {
  private board = new EscalationBoard();

  constructor(private readonly deps: EscalationDeps) {
    deps.bus.on('recorded', (events) => this.announce(events));
  }

  /** Fed every recorded event by the engine, like the other projections. */
  apply(e: JournalEvent): void {
    this.board.apply(e);
  }

  /** The projections are being rebuilt from the files (after a purge). */
  reset(): void {
    this.board = new EscalationBoard();
  }

  /** What the console keeps on screen until acknowledged, oldest first. */
  open(): EscalationView[] {
    return this.board.openEscalations();
  }

  isMajor(entryId: string): boolean {
    return this.board.isMajor(entryId);
  }

  /** The day of the oldest escalation still open (so that a restart reads back that far). */
  oldestOpenDay(): string | null {
    return this.open()[0]?.raisedAt.slice(0, 10) ?? null;
  }

  /**
   * H9: the operator marks an entry major; an escalation to the service-desk director is recorded
   * in the same write, with the reason.
   */
  async markMajor(entryId: string, reason: string, badge: string): Promise<EscalationView> {
    personOf(badge, this.deps.config.roster, 'actor');
    const entry = this.deps.entry(entryId);
    if (!entry) throw new Refused('unknown-entry', `there is no register entry ${entryId} in the last days; check the id (YYYYMMDD-NNN)`);
    if (!reason.trim()) throw new Refused('no-reason', `marking entry ${entryId} major needs the reason the director is told (what is at stake)`);
    if (reason.trim().length > 500) throw new Refused('too-long', `the reason is ${reason.trim().length} characters; at most 500`);
    const recorded = await this.deps.record(() => {
      if (this.board.isMajor(entryId)) throw new Refused('already-major', `entry ${entryId} is already marked major and reported to the director`);
      const data: EscalationRaisedData = { source: 'entry', entryId, reason: reason.trim(), reportTo: 'director', summary: summaryOf(entry) };
      return [{ kind: 'escalation.raised', actor: badge, data: { ...data } }];
    });
    // The last event: a write after midnight begins with the previous day's day.closed.
    return escalationOf(recorded.at(-1)!)!;
  }

  /**
   * H9: a supervisor or above has seen the report through (the director told, what was done) and
   * says what in a note; it leaves the screen. An operator's badge, the one who raised it among
   * them, is refused. An alarm is acknowledged as `alarm.acknowledged`, also when already taken
   * on; an entry marked major as `escalation.acknowledged`.
   */
  async acknowledge(seq: number, badge: string, note: string): Promise<void> {
    const person = personOf(badge, this.deps.config.roster, 'actor');
    if (!isSupervisorOrAbove(person)) {
      throw new Refused('ack-needs-supervisor', `${person.name} (${badge}) is a ${person.role}; acknowledging a report to the director takes a supervisor or above, with a note of what was done (H9)`);
    }
    const what = note.trim();
    if (!what) throw new Refused('no-note', 'acknowledging a report to the director needs a note of what was done (who was told, what was done) (H9)');
    if (what.length > 500) throw new Refused('too-long', `the note is ${what.length} characters; at most 500`);
    const open = this.board.get(seq);
    if (!open) throw new Refused('not-open', `escalation ${seq} is not open (already acknowledged, or no such escalation)`);
    await this.deps.record(() => {
      if (!this.board.get(seq)) throw new Refused('not-open', `escalation ${seq} was acknowledged meanwhile`);
      if (open.source === 'alarm') return [{ kind: 'alarm.acknowledged', actor: badge, data: { alarm: seq, note: what } }];
      return [{ kind: 'escalation.acknowledged', actor: badge, data: { escalation: seq, note: what } }];
    });
  }

  private announce(events: JournalEvent[]): void {
    let changed = false;
    for (const e of events) {
      const raised = escalationOf(e);
      if (raised) this.deps.bus.emit('escalation', raised);
      changed ||= raised !== undefined || acknowledgedBy(e) !== undefined;
    }
    if (changed) this.deps.bus.emit('escalations-changed');
  }
}

/** What the director reads first: the entry, where, and what (no personal data). */
function summaryOf(e: RegisterEntry): string {
  const content = e.content ? (e.content.length > 60 ? `${e.content.slice(0, 60)}…` : e.content) : '';
  return [`entry ${e.id}`, e.category, e.address ?? '', content].filter(Boolean).join(' ');
}
