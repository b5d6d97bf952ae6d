import { pino, type Logger, type DestinationStream } from 'pino';

export type { Logger };

/** 13800000000 -> 138****0000; other phone-like digit runs keep only their ends. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 7) return '*'.repeat(digits.length);
  return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}`;
}

/** Masks every mobile-looking number inside free text (a message, a content field). */
export function maskPhonesIn(text: string): string {
  return text.replace(/(?<!\d)1[3-9]\d{9}(?!\d)/g, (m) => maskPhone(m));
}

/**
 * JSON logs for a service manager. Personal data never reaches them (P1): `pii` is dropped, phone
 * fields are masked, and phone numbers inside messages are masked too.
 */
export function createLogger(options: { level?: string; name?: string } = {}, destination?: DestinationStream): Logger {
  return pino(
    {
      name: options.name ?? 'control-room',
      level: options.level ?? process.env.LOG_LEVEL ?? 'info',
      redact: {
        paths: ['pii', '*.pii', '*.*.pii', 'phone', '*.phone', '*.*.phone', 'resident', '*.resident'],
        censor: (value: unknown, path: string[]) =>
          path.at(-1) === 'phone' && typeof value === 'string' ? maskPhone(value) : path.at(-1) === 'pii' ? '[personal data]' : '[name]',
      },
      hooks: {
        logMethod(args, method) {
          const masked = args.map((a) => (typeof a === 'string' ? maskPhonesIn(a) : a)) as Parameters<typeof method>;
          method.apply(this, masked);
        },
      },
    },
    destination ?? pino.destination(1),
  );
}

/** A logger that writes nowhere, for tests and read-only commands. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
