/**
 * Why a command was refused, in a form every reader can use: a code the console turns into the
 * operator's language, the details its words need (names, ids, times, amounts, rule IDs), and an
 * English sentence for logs and the command line. The engine never hands a person a bare
 * English error: a test checks that nothing in src/engine or src/domain throws one.
 */
export type RefusalCode =
  // staff, duty and handover (H1-H8)
  | 'unknown-badge'
  | 'inactive-badge'
  | 'not-duty-role'
  | 'wrong-role'
  | 'not-supervisor'
  | 'same-badge'
  | 'not-on-duty'
  | 'nobody-on-duty'
  | 'duty-taken'
  | 'away'
  | 'second-on-duty'
  | 'sign-off-needs-approval'
  | 'handover-open'
  | 'handover-closed'
  | 'no-incoming'
  | 'unknown-item'
  | 'bad-item-state'
  | 'holiday-supervisor'
  // text typed in
  | 'no-reason'
  | 'no-note'
  | 'no-result'
  | 'too-long'
  | 'field-too-long'
  | 'bad-channel'
  | 'bad-category'
  | 'bad-phone'
  | 'bad-time'
  | 'future-time'
  // the register, calls and alarms (R1-R6, H9)
  | 'unknown-entry'
  | 'entry-closed'
  | 'not-amendable'
  | 'not-first-responder'
  | 'already-major'
  | 'ack-needs-supervisor'
  | 'not-open'
  | 'not-ringing'
  | 'no-callback-owed'
  | 'alarm-not-open'
  | 'no-panel'
  | 'stopped'
  // paid-service orders (W1-W9)
  | 'unknown-order'
  | 'bad-order-kind'
  | 'not-orderable'
  | 'order-lacks'
  | 'entry-has-order'
  | 'order-cancelled'
  | 'order-completed'
  | 'repair-not-contractor'
  | 'no-contractor'
  | 'price-after-start'
  | 'not-priced'
  | 'total-changed'
  | 'already-agreed'
  | 'not-dispatched'
  | 'not-agreed'
  | 'already-started'
  | 'not-started'
  | 'start-before-agreement'
  | 'complete-before-start'
  | 'not-completed'
  | 'already-signed'
  | 'wrong-technician'
  | 'last-rung'
  | 'resident-not-told'
  | 'not-repair'
  | 'order-major'
  | 'bad-amount'
  | 'bad-payment-method'
  | 'no-cash-taker'
  | 'desk-needs-receipt'
  | 'receipt-not-desk'
  | 'no-materials'
  | 'fee-unknown'
  | 'fee-not-material'
  | 'fee-duplicate'
  | 'bad-quantity';

/** What the words of a refusal need; times are ISO with the site's offset, the console shows them local. */
export type RefusalDetails = Record<string, string | number>;

export interface Refusal {
  code: RefusalCode;
  message: string;
  details: RefusalDetails;
}

export function refusal(code: RefusalCode, message: string, details: RefusalDetails = {}): Refusal {
  return { code, message, details };
}

/** A command the rules do not allow, or input that cannot be recorded; see Refusal. */
export class Refused extends Error {
  constructor(
    readonly code: RefusalCode,
    message: string,
    readonly details: RefusalDetails = {},
  ) {
    super(message);
    this.name = 'Refused';
  }
}

/** The error for a refusal a rule returned. */
export function refused(r: Refusal): Refused {
  return new Refused(r.code, r.message, r.details);
}

/**
 * Something that cannot happen if the code is right (a money amount that is not whole, a time the
 * zone database cannot express): a bug, not a refusal. The console says there was an internal
 * error and that it is in the log; it never shows this sentence to an operator.
 */
export class InternalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InternalError';
  }
}

/** Throws the refusal a rule found, if it found one. */
export function refuse(r: Refusal | null | undefined): void {
  if (r) throw new Refused(r.code, r.message, r.details);
}

/**
 * Throws when a check found problems: the first one's code and details (the console says it, and
 * how many more there are), every one's sentence in the message.
 */
export function refuseAll(what: string, problems: readonly Refusal[]): void {
  const [first] = problems;
  if (!first) return;
  throw new Refused(first.code, `${what}: ${problems.map((p) => p.message).join('; ')}`, { ...first.details, more: problems.length - 1 });
}
