import type {} from 'fastify';
import type { Logger } from '../../log.js';
import type { Clock } from '../../time/clock.js';
import type { DeskConfig, DeskPerson } from '../config/types.js';
import type { DeskStore } from '../store.js';
import type { AuditLog } from './auth/audit.js';
import type { Lockout } from './auth/lockout.js';
import type { PasswordFile } from './auth/passwords.js';
import type { Session, SessionStore } from './auth/sessions.js';
import type { Lang } from '../../../screens/text/labels.js';

/** What every route of the desk's pages works with. */
export interface WebContext {
  config: DeskConfig;
  store: DeskStore;
  clock: Clock;
  sessions: SessionStore;
  lockout: Lockout;
  audit: AuditLog;
  passwords: PasswordFile;
  log: Logger;
  /** Cookies marked Secure (HTTPS here or at a proxy in front). */
  secureCookies: boolean;
  /** The sites' names for the menu, from their profiles, refreshed at most once a minute. */
  siteNames: { at: number; list: { id: string; name: string }[] };
}

/** What the hooks find out about a request before its route runs. */
export interface DeskRequestState {
  lang: Lang;
  session?: Session;
  person?: DeskPerson;
}

declare module 'fastify' {
  interface FastifyRequest {
    desk: DeskRequestState;
  }
}
