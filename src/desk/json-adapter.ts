import { readFile } from 'node:fs/promises';
import type { Adapter } from 'lowdb';
import { writeFileDurably } from '../register/durable-write.js';

/**
 * A lowdb adapter for the desk's small documents (receipts, follow-ups): written like the journal's
 * day files (temp file, fsync, rename, directory fsync), and a read that refuses a damaged file
 * rather than starting it over empty.
 */
export class DurableJsonAdapter<T> implements Adapter<T> {
  constructor(readonly file: string) {}

  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    try {
      return JSON.parse(text) as T;
    } catch (err) {
      throw new Error(`desk store file ${this.file} is damaged (${(err as Error).message}); restore it from backup`);
    }
  }

  async write(data: T): Promise<void> {
    await writeFileDurably(this.file, `${JSON.stringify(data, null, 1)}\n`);
  }
}
