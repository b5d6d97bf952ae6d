import { z } from 'zod';
import { isDay, isValidZone } from '../time/zone.js';
import { CATEGORIES } from './types.js';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time of day as HH:MM (e.g. "08:30")');

const badgeReader = z.discriminatedUnion(
  'type',
  [
    z
      .object({
        type: z.literal('hid'),
        vendorId: z.number().int().min(0).max(0xffff),
        productId: z.number().int().min(0).max(0xffff),
        mode: z.enum(['keyboard', 'pos']).default('keyboard'),
        terminator: z.enum(['enter', 'tab']).default('enter'),
        /** Keyboard mode: a report id byte before each report; POS mode: the id of the data report. */
        reportId: z.number().int().min(0).max(255).optional(),
        /** POS mode: where the length byte and the data start. */
        lengthOffset: z.number().int().min(0).max(63).optional(),
        dataOffset: z.number().int().min(0).max(63).optional(),
      })
      .refine((r) => r.mode !== 'pos' || (r.lengthOffset !== undefined && r.dataOffset !== undefined), {
        error: 'a POS-mode scanner needs its report layout: lengthOffset and dataOffset (see the scanner manual)',
      }),
    z.object({
      type: z.literal('serial'),
      path: z.string().min(1, 'expected the serial device path (e.g. "/dev/ttyACM0")'),
      baudRate: z.number().int().positive().default(9600),
    }),
    z.object({ type: z.literal('keyboard') }),
  ],
  { error: 'expected "type" to be one of hid, serial, keyboard' },
);

const deadlineHours = z
  .object(Object.fromEntries(CATEGORIES.map((c) => [c, z.number().positive().optional()])))
  .strict()
  .default({});

/** The JSON configuration file, as the README describes it. Paths are resolved later. */
export const configFileSchema = z
  .object({
    site: z
      .object({
        id: z.string().regex(/^[A-Za-z0-9_-]{2,16}$/, 'expected 2-16 letters, digits, "-" or "_" (e.g. "JY01")'),
        name: z.string().min(1, 'expected the office name'),
        timezone: z.string().refine(isValidZone, 'expected an IANA time zone (e.g. "Asia/Shanghai")'),
      })
      .strict(),
    dataDir: z.string().min(1).default('./data'),
    panel: z
      .object({
        path: z.string().min(1, 'expected the serial device path (e.g. "/dev/ttyUSB0")'),
        baudRate: z.number().int().positive().default(9600),
      })
      .strict()
      .optional(),
    badgeReaders: z
      .array(badgeReader)
      .default([{ type: 'keyboard' }])
      // node-hid loads one driver per process: libusb for keyboard mode, hidraw for POS mode.
      .refine((list) => new Set(list.flatMap((r) => (r.type === 'hid' ? [r.mode] : []))).size <= 1, {
        error: 'USB HID scanners in keyboard mode and in POS mode cannot be used together (one HID driver per process); set them all to one mode',
      }),
    roster: z.string().min(1, 'expected the roster CSV file name'),
    units: z.string().min(1, 'expected the unit directory CSV file name'),
    fees: z.string().min(1, 'expected the fee schedule CSV file name'),
    shifts: z
      .array(hhmm)
      .min(1, 'expected at least one shift change time')
      .refine((a) => new Set(a).size === a.length, 'expected each shift change time once'),
    holidays: z.array(z.string().refine(isDay, 'expected a date as YYYY-MM-DD')).default([]),
    inventory: z.array(z.string().min(1)).default([]),
    // Bounded: a retention beyond any calendar (1e15 days) made the purge's cut-off "Invalid DateTime".
    retentionDays: z.number().int().min(1, 'expected a whole number of days, at least 1').max(36_500, 'expected at most 36500 days (100 years)').default(730),
    deadlineHours,
    callbackMinutes: z.number().int().min(1, 'expected a whole number of minutes, at least 1').default(30),
    console: z
      .object({
        // The terminal's bell while a call rings, and a louder pattern for alarms; off where it disturbs.
        bell: z.boolean().default(true),
      })
      .strict()
      .default({ bell: true }),
    // W8: where the console prints an order's four copies: a command that takes the PDF on its
    // standard input (e.g. "lp -d counter"); without one the PDF is written beside the register.
    print: z
      .object({
        command: z.string().trim().min(1, 'expected a command that prints a PDF given on its standard input (e.g. "lp -d counter")').optional(),
        paper: z.enum(['A4', 'A5']).default('A4'),
      })
      .strict()
      .default({ paper: 'A4' }),
    // W3: the work standard of a job priced without labour lines, per order kind.
    workStandardMinutes: z
      .object({
        repair: z.number().int().min(1, 'expected a whole number of minutes, at least 1').optional(),
        cleaning: z.number().int().min(1, 'expected a whole number of minutes, at least 1').optional(),
      })
      .strict()
      .default({}),
    sync: z
      .object({
        times: z
          .array(hhmm)
          .min(2, 'expected at least two sync times a day (R8: the service desk gets the register at least twice a day)')
          .refine((a) => new Set(a).size === a.length, 'expected each sync time once (R8 asks for two different times)'),
        target: z
          .string()
          .regex(/^(dir:.+|https?:\/\/.+|postgres(ql)?:\/\/.+)$/, 'expected dir:PATH, http(s)://HOST:PORT or postgres://...'),
        secret: z.string().min(16, 'expected a shared secret of at least 16 characters'),
      })
      .strict(),
  })
  .strict();

export type ConfigFile = z.infer<typeof configFileSchema>;
