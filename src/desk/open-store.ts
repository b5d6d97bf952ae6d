import { FolderStore } from './folder-store.js';
import { PgStore } from './pg-store.js';
import type { DeskStore } from './store.js';

export function isPgUrl(spec: string): boolean {
  return /^postgres(ql)?:\/\//.test(spec);
}

/** `--store`: a postgres:// URL, or else a folder (created on the first import). */
export async function openStore(spec: string, options: { create: boolean }): Promise<DeskStore> {
  return isPgUrl(spec) ? PgStore.open(spec) : FolderStore.open(spec, options.create);
}
