import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writePrivateFile } from '../private-file.js';

/** scrypt's cost: N=2^15 takes ~0.1 s and 32 MiB a check, slow enough for a guesser, quick for a person. */
const COST = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 2 ** 20 };
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, { ...params, maxmem: COST.maxmem }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** `scrypt$N$r$p$salt$hash` (base64): the parameters travel with the hash, so the cost can rise later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, COST);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function checkPassword(password: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await derive(password, Buffer.from(salt, 'base64'), { N: Number(n), r: Number(r), p: Number(p) });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** Why a new password is refused, or undefined. */
export type PasswordProblem = 'too-short' | 'edge-space';

export const PASSWORD_MIN_LENGTH = 10;

export function passwordProblem(password: string): PasswordProblem | undefined {
  if ([...password].length < PASSWORD_MIN_LENGTH) return 'too-short';
  if (/^\s|\s$/.test(password)) return 'edge-space';
  return undefined;
}

/**
 * The desk's password hashes, one per badge, in DATA/passwords.json (0600, the desk's user only).
 * Read on every sign-in, so a password set while `desk serve` runs counts at once.
 */
export class PasswordFile {
  readonly file: string;

  constructor(dataDir: string) {
    this.file = join(dataDir, 'passwords.json');
  }

  async read(): Promise<Record<string, { hash: string; setAt: string }>> {
    try {
      return JSON.parse(await readFile(this.file, 'utf8')) as Record<string, { hash: string; setAt: string }>;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw new Error(`${this.file} cannot be read (${(err as Error).message}); restore it from backup or set the passwords again`);
    }
  }

  async hashOf(badge: string): Promise<string | undefined> {
    const all = await this.read();
    return Object.hasOwn(all, badge) ? all[badge]!.hash : undefined;
  }

  async set(badge: string, password: string, setAt: string): Promise<void> {
    const all = await this.read();
    all[badge] = { hash: await hashPassword(password), setAt };
    await writePrivateFile(this.file, `${JSON.stringify(all, null, 1)}\n`);
  }
}
