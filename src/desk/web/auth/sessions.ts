import { randomBytes } from 'node:crypto';
import type { Clock } from '../../../time/clock.js';

export interface Session {
  id: string;
  /** Undefined before sign-in: the sign-in form still has a CSRF token of its own. */
  badge?: string;
  csrf: string;
  createdAt: number;
  lastSeenAt: number;
}

/**
 * Sessions held by the server (the cookie carries only a random id): they end after `idleMs`
 * without a request, and `absoluteMs` after sign-in whatever happens. Kept in memory: a restart of
 * `desk serve` signs everyone out, which is the safe way round.
 */
export class SessionStore {
  private readonly byId = new Map<string, Session>();

  constructor(
    private readonly clock: Clock,
    private readonly idleMs: number,
    private readonly absoluteMs: number,
  ) {}

  create(badge?: string): Session {
    this.sweep();
    const now = this.clock.now();
    const s: Session = { id: token(), ...(badge ? { badge } : {}), csrf: token(), createdAt: now, lastSeenAt: now };
    this.byId.set(s.id, s);
    return s;
  }

  /** The live session with this id, touched; undefined when unknown or expired. */
  get(id: string | undefined): Session | undefined {
    if (!id) return undefined;
    const s = this.byId.get(id);
    if (!s) return undefined;
    const now = this.clock.now();
    if (now - s.lastSeenAt > this.idleMs || now - s.createdAt > this.absoluteMs) {
      this.byId.delete(id);
      return undefined;
    }
    s.lastSeenAt = now;
    return s;
  }

  /** When a session ends if nothing more happens: for the page's countdown. */
  expiresAt(s: Session): number {
    return Math.min(s.lastSeenAt + this.idleMs, s.createdAt + this.absoluteMs);
  }

  end(id: string): void {
    this.byId.delete(id);
  }

  private sweep(): void {
    const now = this.clock.now();
    for (const [id, s] of this.byId) if (now - s.lastSeenAt > this.idleMs || now - s.createdAt > this.absoluteMs) this.byId.delete(id);
  }
}

function token(): string {
  return randomBytes(32).toString('base64url');
}
