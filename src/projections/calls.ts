import type { JournalEvent } from '../register/event.js';

export interface CallView {
  /** The seq of its `call.received`: callIds repeat after a panel restart, seqs never do. */
  key: number;
  callId: string;
  station: string | null;
  address: string | null;
  resident: string | null;
  phone: string | null;
  unknownStation: boolean;
  receivedAt: string;
}

export interface CallbackOwed extends CallView {
  missedAt: string;
  /** When the callback becomes overdue (R5). */
  dueAt: string;
  overdue: boolean;
  /** Why it is owed: the caller hung up, or the panel restarted while it rang. */
  reason: 'missed' | 'panel-restart';
}

export interface AlarmView {
  seq: number;
  kind: string;
  station: string;
  address: string | null;
  raisedAt: string;
}

/**
 * The calls pane: calls ringing, calls in progress, callbacks owed (oldest first) and alarms not
 * yet acknowledged. Folded from the journal like every projection.
 */
export class CallBoard {
  private readonly ringing = new Map<string, CallView>();
  private readonly talking = new Map<string, CallView>();
  private readonly owed = new Map<number, Omit<CallbackOwed, 'dueAt' | 'overdue'>>();
  private readonly alarms = new Map<number, AlarmView>();
  /**
   * What happened to calls whose CALL was not recorded yet (its first copy was lost on the line and
   * the resend came after the CANCEL, TALK or END): the CALL then completes that story instead of
   * ringing for ever. Cleared when the panel restarts, since call ids may be reused then.
   */
  private readonly early = new Map<string, { kind: 'missed' | 'answered' | 'ended'; key?: number; missedAt?: string }>();

  constructor(private readonly callbackMs: number) {}

  apply(e: JournalEvent): void {
    const d = e.data as Record<string, unknown>;
    const callId = d.callId as string;
    switch (e.kind) {
      case 'call.received': {
        const call: CallView = {
          key: e.seq,
          callId,
          station: (d.station as string) ?? null,
          address: (d.address as string) ?? null,
          resident: e.pii?.resident ?? null,
          phone: e.pii?.phone ?? null,
          unknownStation: d.unknownStation === true,
          receivedAt: e.at,
        };
        const early = this.early.get(callId);
        this.early.delete(callId);
        if (early?.kind === 'missed' && early.key !== undefined) {
          this.owed.set(early.key, { ...call, key: early.key, receivedAt: e.at, missedAt: early.missedAt!, reason: 'missed' });
        } else if (early?.kind === 'answered') this.talking.set(callId, call);
        else if (!early) this.ringing.set(callId, call);
        break;
      }
      case 'call.answered': {
        const call = this.ringing.get(callId) ?? this.takeBackFromRestart(callId);
        this.ringing.delete(callId);
        if (call) this.talking.set(callId, call);
        else this.early.set(callId, { kind: 'answered' });
        break;
      }
      case 'call.ended': {
        const known = this.talking.has(callId) || this.ringing.has(callId) || this.takeBackFromRestart(callId) !== undefined;
        this.talking.delete(callId);
        this.ringing.delete(callId);
        if (!known) this.early.set(callId, { kind: 'ended' });
        break;
      }
      case 'call.missed': {
        const call = this.ringing.get(callId) ?? this.takeBackFromRestart(callId);
        this.ringing.delete(callId);
        // Without its CALL there is no station to call back: owed once the CALL's resend comes.
        if (call) this.owed.set(call.key, { ...call, missedAt: e.at, reason: 'missed' });
        else this.early.set(callId, { kind: 'missed', key: e.seq, missedAt: e.at });
        break;
      }
      case 'call.called-back':
        this.owed.delete(d.call as number);
        break;
      case 'device.panel-boot':
        // The panel forgot its calls: whoever was still ringing got no answer and is owed a callback.
        // (If this BOOT was a late resend and a call of the new run is still alive, its next
        // message takes it back; see takeBackFromRestart.)
        for (const call of this.ringing.values()) this.owed.set(call.key, { ...call, missedAt: e.at, reason: 'panel-restart' });
        this.ringing.clear();
        this.talking.clear();
        this.early.clear();
        break;
      case 'alarm.raised':
        this.alarms.set(e.seq, { seq: e.seq, kind: d.kind as string, station: d.station as string, address: (d.address as string) ?? null, raisedAt: e.at });
        break;
      // H9: taken on by whoever is in the room, or acknowledged for the director: off the screen either way.
      case 'alarm.taken-on':
      case 'alarm.acknowledged':
        this.alarms.delete(d.alarm as number);
        break;
      default:
    }
  }

  /** A call moved to "owed" by a panel restart that then shows it is alive after all. */
  private takeBackFromRestart(callId: string): CallView | undefined {
    for (const [key, owed] of this.owed) {
      if (owed.callId !== callId || owed.reason !== 'panel-restart') continue;
      this.owed.delete(key);
      const { missedAt: _m, reason: _r, ...call } = owed;
      return call;
    }
    return undefined;
  }

  /** The day of the oldest callback owed or alarm still open (for `day.closed`'s `openSince`). */
  oldestOpenDay(): string | null {
    const days = [...[...this.owed.values()].map((c) => c.missedAt), ...[...this.alarms.values()].map((a) => a.raisedAt)].map((at) => at.slice(0, 10));
    return days.length > 0 ? days.sort()[0]! : null;
  }

  ringingCalls(): CallView[] {
    return [...this.ringing.values()];
  }

  talkingCalls(): CallView[] {
    return [...this.talking.values()];
  }

  /** A call ringing, in progress, or set aside by a panel restart, as a TALK, CANCEL or END finds it. */
  knownCall(callId: string): { station: string | null } | undefined {
    const call = this.ringing.get(callId) ?? this.talking.get(callId) ?? [...this.owed.values()].find((c) => c.callId === callId && c.reason === 'panel-restart');
    return call ? { station: call.station } : undefined;
  }

  ringingCall(callId: string): CallView | undefined {
    return this.ringing.get(callId);
  }

  isRinging(callId: string): boolean {
    return this.ringing.has(callId);
  }

  /** Oldest first. */
  callbacksOwed(now: number, zoneIso: (ms: number) => string): CallbackOwed[] {
    return [...this.owed.values()]
      .sort((a, b) => a.key - b.key)
      .map((c) => {
        const due = Date.parse(c.missedAt) + this.callbackMs;
        return { ...c, dueAt: zoneIso(due), overdue: now > due };
      });
  }

  owedCallback(key: number): boolean {
    return this.owed.has(key);
  }

  /** The keys of the callbacks owed to a station, oldest first. */
  owedToStation(station: string): number[] {
    return [...this.owed.values()].filter((c) => c.station === station).map((c) => c.key).sort((a, b) => a - b);
  }

  owedStation(key: number): string | null {
    return this.owed.get(key)?.station ?? null;
  }

  openAlarms(): AlarmView[] {
    return [...this.alarms.values()];
  }

  hasOpenAlarm(seq: number): boolean {
    return this.alarms.has(seq);
  }
}
