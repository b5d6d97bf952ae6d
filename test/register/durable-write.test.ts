import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

// Records the order of the file-system calls that make a write durable.
const calls: string[] = [];
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const name = (p: string) => (p.endsWith('.tmp') ? 'temp' : p.endsWith('.json') ? 'target' : 'dir');
  return {
    ...real,
    open: async (path: string, flags: string, mode?: number) => {
      const handle = await real.open(path, flags, mode);
      const what = name(path);
      return Object.assign(Object.create(handle) as typeof handle, {
        writeFile: async (data: string) => (calls.push(`write ${what}`), handle.writeFile(data)),
        sync: async () => (calls.push(`fsync ${what}`), handle.sync()),
        close: async () => handle.close(),
      });
    },
    rename: async (from: string, to: string) => (calls.push(`rename ${name(from)} -> ${name(to)}`), real.rename(from, to)),
  };
});

const { writeFileDurably } = await import('../../src/register/durable-write.js');

describe('durable write (the register\'s lowdb adapter)', () => {
  it('writes a temp file, fsyncs it, renames it over the target, then fsyncs the directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cr-durable-'));
    const file = join(dir, '2026-11-30.json');
    calls.length = 0;
    await writeFileDurably(file, '{"ok":true}');
    expect(calls).toEqual(['write temp', 'fsync temp', 'rename temp -> target', 'fsync dir']);
    expect(readFileSync(file, 'utf8')).toBe('{"ok":true}');
  });
});
