import { execFileSync } from 'node:child_process';
import os from 'node:os';

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  os: string;
  tmpdir: string;
  fileSystem: string;
  date: string;
}

/** What the numbers were taken on; fsync-bound latencies mean little without the disk and its file system. */
export function describeMachine(): Machine {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGiB: os.totalmem() / 2 ** 30,
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    tmpdir: os.tmpdir(),
    fileSystem: fileSystemOf(os.tmpdir()),
    date: new Date().toISOString(),
  };
}

/** `df -T` names the file system type and device; best effort, as df may be missing or differ. */
function fileSystemOf(dir: string): string {
  try {
    const lines = execFileSync('df', ['-T', dir], { encoding: 'utf8' }).trim().split('\n');
    const [device, type] = (lines.at(-1) ?? '').split(/\s+/);
    return type ? `${type} on ${device}` : 'unknown';
  } catch {
    return 'unknown (df -T failed)';
  }
}
