import { z } from 'zod';
import { isValidZone } from '../../time/zone.js';

const siteId = z.string().regex(/^[A-Za-z0-9_-]{2,16}$/, 'expected a site id of 2-16 letters, digits, "-" or "_" (e.g. "JY01")');

/** desk.json: the service desk's configuration. Relative paths are relative to the file. */
export const deskFileSchema = z
  .object({
    store: z.string().min(1, 'expected the desk store: a folder (e.g. "./desk-store") or a postgres:// URL'),
    sites: z
      .array(siteId)
      .min(1, 'expected at least one site id the desk takes batches from')
      .refine((a) => new Set(a).size === a.length, 'expected each site once'),
    secrets: z.string().min(1, 'expected the secrets file (JSON {"JY01": "the site\'s sync.secret"}, mode 0600)'),
    roster: z.string().min(1, 'expected the desk roster CSV (badge,name,role,sites,active)'),
    dataDir: z.string().min(1).default('./desk-data'),
    // The desk's own zone: the audit log's times and the sign-in lock's end.
    timezone: z.string().refine(isValidZone, 'expected an IANA time zone (e.g. "Asia/Shanghai")').default('Asia/Shanghai'),
    inbox: z.string().min(1).optional(),
    listen: z
      .object({
        // Without a certificate the pages stay on this machine unless the file names another address.
        host: z.string().min(1).optional(),
        port: z.number().int().min(0).max(65535).default(8080),
        // nginx (or another proxy) terminates HTTPS in front: cookies are then sent as Secure.
        behindHttpsProxy: z.boolean().default(false),
      })
      .strict()
      .default({ port: 8080, behindHttpsProxy: false }),
    tls: z
      .object({ cert: z.string().min(1, 'expected the certificate file (PEM)'), key: z.string().min(1, 'expected the key file (PEM)') })
      .strict()
      .optional(),
    session: z
      .object({
        idleMinutes: z.number().int().min(1).max(24 * 60).default(30),
        absoluteHours: z.number().int().min(1).max(24 * 7).default(12),
      })
      .strict()
      .default({ idleMinutes: 30, absoluteHours: 12 }),
    lockout: z
      .object({
        attempts: z.number().int().min(1).max(100).default(5),
        minutes: z.number().int().min(1).max(24 * 60).default(15),
      })
      .strict()
      .default({ attempts: 5, minutes: 15 }),
  })
  .strict();

