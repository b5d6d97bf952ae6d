import type { JournalEvent } from '../register/event.js';

/**
 * H9: a major problem reported to the service-desk director, open until acknowledged. An alarm
 * from the intercom is one by itself (`alarm.raised` carries `reportTo: director`); an entry the
 * operator marks major is one through `escalation.raised`.
 */
export interface EscalationView {
  /** The seq of the event that raised it (`alarm.raised` or `escalation.raised`); acknowledge by it. */
  seq: number;
  source: 'alarm' | 'entry';
  raisedAt: string;
  /** `panel` for an alarm, the operator's badge for an entry marked major. */
  raisedBy: string;
  reportTo: 'director';
  summary: string;
  /** For an alarm: what and where. */
  alarm?: { kind: string; station: string; address: string | null };
  /** For an entry marked major: its id and why. */
  entryId?: string;
  reason?: string;
}

/** The data of `escalation.raised`. */
export interface EscalationRaisedData {
  source: 'entry';
  entryId: string;
  reason: string;
  reportTo: 'director';
  summary: string;
}

/** The data of `escalation.acknowledged`. */
export interface EscalationAcknowledgedData {
  escalation: number;
  note?: string;
}

export function alarmSummary(a: { kind: string; station: string; address: string | null }): string {
  return `alarm ${a.kind} at ${a.station}${a.address ? ` (${a.address})` : ''}`;
}

/** The escalation an event raises, if it raises one. */
export function escalationOf(e: JournalEvent): EscalationView | undefined {
  const d = e.data as Record<string, unknown>;
  if (e.kind === 'alarm.raised') {
    const alarm = { kind: String(d.kind), station: String(d.station), address: (d.address as string) ?? null };
    return { seq: e.seq, source: 'alarm', raisedAt: e.at, raisedBy: e.actor, reportTo: 'director', summary: alarmSummary(alarm), alarm };
  }
  if (e.kind === 'escalation.raised') {
    const r = d as unknown as EscalationRaisedData;
    return { seq: e.seq, source: 'entry', raisedAt: e.at, raisedBy: e.actor, reportTo: 'director', summary: r.summary, entryId: r.entryId, reason: r.reason };
  }
  return undefined;
}

/** The seq of the escalation an event acknowledges, if it acknowledges one. */
export function acknowledgedBy(e: JournalEvent): number | undefined {
  if (e.kind === 'alarm.acknowledged') return (e.data as { alarm: number }).alarm;
  if (e.kind === 'escalation.acknowledged') return (e.data as unknown as EscalationAcknowledgedData).escalation;
  return undefined;
}

/** Escalations not yet acknowledged (both sources), and which entries were marked major. */
export class EscalationBoard {
  private readonly open = new Map<number, EscalationView>();
  private readonly majorEntries = new Set<string>();

  apply(e: JournalEvent): void {
    const raised = escalationOf(e);
    if (raised) {
      this.open.set(raised.seq, raised);
      if (raised.entryId) this.majorEntries.add(raised.entryId);
      return;
    }
    const acknowledged = acknowledgedBy(e);
    if (acknowledged !== undefined) this.open.delete(acknowledged);
  }

  /** Oldest first. */
  openEscalations(): EscalationView[] {
    return [...this.open.values()].sort((a, b) => a.seq - b.seq);
  }

  get(seq: number): EscalationView | undefined {
    return this.open.get(seq);
  }

  isMajor(entryId: string): boolean {
    return this.majorEntries.has(entryId);
  }
}
