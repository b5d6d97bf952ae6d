export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

interface Waiting<In, Out> {
  input: In;
  resolve: (value: Out) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: requests that arrive while a commit is under way wait, and all of them go into
 * the next commit together (one write, one fdatasync for the journal). Each request settles with
 * its own outcome once the commit that took it has returned, in the order the requests came.
 */
export class GroupCommit<In, Out> {
  private waiting: Waiting<In, Out>[] = [];
  private committing = 0;
  private running: Promise<void> | undefined;

  constructor(private readonly commit: (inputs: readonly In[]) => Promise<Outcome<Out>[]>) {}

  submit(input: In): Promise<Out> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ input, resolve, reject });
      this.running ??= this.run();
    });
  }

  /** Requests not yet settled: waiting, or in the commit under way. */
  get backlog(): number {
    return this.waiting.length + this.committing;
  }

  /** Resolves once no request waits and no commit runs. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async run(): Promise<void> {
    // Requests made in the same turn as the first one join its commit.
    await Promise.resolve();
    while (this.waiting.length > 0) {
      const batch = this.waiting;
      this.waiting = [];
      this.committing = batch.length;
      let outcomes: Outcome<Out>[];
      try {
        outcomes = await this.commit(batch.map((w) => w.input));
      } catch (error) {
        outcomes = batch.map(() => ({ ok: false, error }));
      }
      this.committing = 0;
      for (const [i, w] of batch.entries()) {
        const outcome = outcomes[i] ?? { ok: false, error: new Error('the commit gave no outcome for this request') };
        if (outcome.ok) w.resolve(outcome.value);
        else w.reject(outcome.error);
      }
    }
    this.running = undefined;
  }
}
