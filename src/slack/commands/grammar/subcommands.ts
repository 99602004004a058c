import type { Subcommand } from './parsed-command.ts';

/** Subcommand names and their aliases, matched case-insensitively. A Map, so `constructor` is unknown. */
const NAMES: ReadonlyMap<string, Subcommand> = new Map([
  ['run', 'run'],
  ['cost', 'cost'],
  ['estimate', 'cost'],
  ['status', 'status'],
  ['show', 'status'],
  ['inspect', 'status'],
  ['stop', 'stop'],
  ['kill', 'stop'],
  ['cancel', 'stop'],
  ['result', 'result'],
  ['logview', 'logview'],
  ['list', 'list'],
  ['watch', 'watch'],
  ['admin', 'admin'],
  ['whoami', 'whoami'],
  ['help', 'help'],
  ['?', 'help'],
  ['-h', 'help'],
  ['--help', 'help'],
]);

export function subcommandNamed(word: string): Subcommand | undefined {
  return NAMES.get(word.toLowerCase());
}
