/** Every problem found in one configuration, reported together so one fix-and-retry is enough. */
export class ConfigError extends Error {
  readonly code = 'config_invalid';
  readonly retryable = false;
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}
