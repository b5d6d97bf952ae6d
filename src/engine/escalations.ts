import { acknowledgedBy, escalationOf, EscalationBoard, type EscalationRaisedData, type EscalationView } from '../projections/escalations.js';
import type { RegisterEntry } from '../projections/entries.js';
import type { JournalEvent } from '../register/event.js';
import { DutyError, personOf, type ServiceDeps } from './services.js';

export interface EscalationDeps extends ServiceDeps {
  /** A projected register entry by id. */
  entry: (id: string) => RegisterEntry | undefined;
  /** The engine's own alarm acknowledgement (an alarm is an escalation by itself). */
  acknowledgeAlarm: (seq: number, actor: string, note: string) => Promise<void>;
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
    if (!entry) throw new DutyError('unknown-entry', `there is no register entry ${entryId} in the last days; check the id (YYYYMMDD-NNN)`);
    if (!reason.trim()) throw new DutyError('no-reason', `marking entry ${entryId} major needs the reason the director is told (what is at stake)`);
    if (reason.trim().length > 500) throw new DutyError('too-long', `the reason is ${reason.trim().length} characters; at most 500`);
    const recorded = await this.deps.record(() => {
      if (this.board.isMajor(entryId)) throw new DutyError('already-major', `entry ${entryId} is already marked major and reported to the director`);
      const data: EscalationRaisedData = { source: 'entry', entryId, reason: reason.trim(), reportTo: 'director', summary: summaryOf(entry) };
      return [{ kind: 'escalation.raised', actor: badge, data: { ...data } }];
    });
    // The last event: a write after midnight begins with the previous day's day.closed.
    return escalationOf(recorded.at(-1)!)!;
  }

  /** Someone has seen an escalation through (the director told, the alarm taken on): it leaves the screen. */
  async acknowledge(seq: number, badge: string, note = ''): Promise<void> {
    personOf(badge, this.deps.config.roster, 'actor');
    const open = this.board.get(seq);
    if (!open) throw new DutyError('not-open', `escalation ${seq} is not open (already acknowledged, or no such escalation)`);
    if (open.source === 'alarm') return this.deps.acknowledgeAlarm(seq, badge, note);
    await this.deps.record(() => {
      if (!this.board.get(seq)) throw new DutyError('not-open', `escalation ${seq} was acknowledged meanwhile`);
      return [{ kind: 'escalation.acknowledged', actor: badge, data: { escalation: seq, ...(note.trim() ? { note: note.trim() } : {}) } }];
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
