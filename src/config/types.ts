export const ROLES = ['operator', 'supervisor', 'manager', 'technician', 'desk', 'director'] as const;
export type Role = (typeof ROLES)[number];

/** W4: the office's departments; each escalation rung is checked against one. */
export const DEPARTMENTS = ['control-room', 'engineering', 'service-desk', 'management'] as const;
export type Department = (typeof DEPARTMENTS)[number];

export const CATEGORIES = ['repair', 'request', 'complaint', 'consultation', 'feedback', 'other'] as const;
export type Category = (typeof CATEGORIES)[number];

export const CHANNELS = ['intercom', 'phone', 'radio', 'walk-in', 'desk'] as const;
export type Channel = (typeof CHANNELS)[number];

export interface Person {
  badge: string;
  name: string;
  role: Role;
  active: boolean;
  department: Department;
}

export interface Unit {
  station: string;
  address: string;
  resident: string;
  phone: string;
}

export interface FeeItem {
  code: string;
  name: string;
  kind: 'material' | 'labour';
  unit: string;
  /** Money is held in integer fen (0.01 yuan), never in floating point. */
  priceFen: number;
  standardMinutes?: number;
}

export type BadgeReaderConfig =
  | {
      type: 'hid';
      vendorId: number;
      productId: number;
      mode: 'keyboard' | 'pos';
      terminator: 'enter' | 'tab';
      reportId?: number;
      lengthOffset?: number;
      dataOffset?: number;
    }
  | { type: 'serial'; path: string; baudRate: number }
  | { type: 'keyboard' };

export interface SiteConfig {
  /** The configuration file this was read from (absolute). */
  file: string;
  site: { id: string; name: string; timezone: string };
  /** Absolute. */
  dataDir: string;
  panel?: { path: string; baudRate: number };
  badgeReaders: BadgeReaderConfig[];
  roster: Person[];
  units: Unit[];
  fees: FeeItem[];
  shifts: string[];
  holidays: string[];
  inventory: string[];
  /** Personal data older than this is purged (P1). */
  retentionDays: number;
  /** Hours an open entry may wait before it is overdue (R5); complaints are fixed at 72 (F1). */
  deadlineHours: Record<Category, number>;
  /** A missed call's callback is overdue this long after the call (R5). */
  callbackMinutes: number;
  /** The console's bell for ringing calls and alarms. */
  console: { bell: boolean };
  /** W3: the work standard of a job priced without labour lines, per order kind. */
  workStandardMinutes: { repair: number; cleaning: number };
  /** W8: the command an order's four copies are printed with (the PDF on its standard input), or null: written beside the register. */
  print: { command: string | null; paper: 'A4' | 'A5' };
  sync: { times: string[]; target: string; secret: string };
}
