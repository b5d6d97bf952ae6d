/**
 * Configuration that cannot be used. Holds every problem found, each naming the file, the line or
 * field, what was found and what is expected, so that one edit round fixes them all.
 */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`the configuration has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}
