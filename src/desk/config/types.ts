/** The desk's own people (desk-roster.csv): who signs in to the pages and which sites each sees. */
export const DESK_ROLES = ['clerk', 'supervisor', 'director'] as const;
export type DeskRole = (typeof DESK_ROLES)[number];

export interface DeskPerson {
  badge: string;
  name: string;
  role: DeskRole;
  /** The site ids this person may see, or '*' for every site. */
  sites: readonly string[] | '*';
  active: boolean;
}

/** desk.json as loaded: paths resolved against the file, the roster and secrets read and checked. */
export interface DeskConfig {
  file: string;
  /** A folder (embedded store) or a postgres:// URL. */
  store: string;
  /** The sites the desk takes batches from, each with its own shared secret (sync.secret). */
  sites: readonly string[];
  secrets: ReadonlyMap<string, string>;
  roster: readonly DeskPerson[];
  rosterFile: string;
  /** The desk's own files: password hashes, the audit log (P1). */
  dataDir: string;
  /** The desk's own zone, for the audit log and sign-in messages. */
  timezone: string;
  /** A shared folder `desk import` takes batches from, when the control rooms sync to one. */
  inbox?: string;
  listen: { host: string; port: number; behindHttpsProxy: boolean };
  tls?: { cert: string; key: string };
  session: { idleMinutes: number; absoluteHours: number };
  lockout: { attempts: number; minutes: number };
}

/** Whether a person may see a site's pages (a clerk: the sites on their roster line; the director: all). */
export function maySee(person: Pick<DeskPerson, 'role' | 'sites'>, site: string): boolean {
  return person.role === 'director' || person.sites === '*' || person.sites.includes(site);
}
