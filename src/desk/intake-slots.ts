/**
 * How many requests the desk reads at once, from one client and in all. A request over either
 * bound is answered at once (429 for one client's excess, 503 when the desk is full), with
 * Retry-After, and never read: one client cannot take every slot, and all of them together cannot
 * make the desk hold more than the bounds allow.
 */
export class IntakeSlots {
  private readonly byClient = new Map<string, number>();
  private total = 0;

  constructor(
    readonly perClient: number,
    readonly inAll: number,
  ) {}

  /** A release function, or the status to answer with. */
  take(client: string): (() => void) | 429 | 503 {
    const mine = this.byClient.get(client) ?? 0;
    if (mine >= this.perClient) return 429;
    if (this.total >= this.inAll) return 503;
    this.byClient.set(client, mine + 1);
    this.total += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.total -= 1;
      const left = (this.byClient.get(client) ?? 1) - 1;
      if (left <= 0) this.byClient.delete(client);
      else this.byClient.set(client, left);
    };
  }
}
