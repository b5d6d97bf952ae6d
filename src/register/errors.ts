/** A journal file that cannot be trusted; says which file (and line), what is wrong and what to do. */
export class JournalDamagedError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
    readonly seq?: number,
    readonly line?: number,
  ) {
    super(
      `journal file ${file}: ${line !== undefined ? `line ${line}: ` : ''}${problem}. The register will not start over a damaged journal. ` +
        `Run \`control-room verify --config FILE\` for the full finding, then restore this file from ` +
        `backup (or the service desk's copy); do not delete it.`,
    );
    this.name = 'JournalDamagedError';
  }
}

/** An append that did not reach the disk: nothing of it was recorded, and nobody may be told it was. */
export class JournalWriteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JournalWriteError';
  }
}

/** Another process already writes this data directory. */
export class DataDirLockedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataDirLockedError';
  }
}
