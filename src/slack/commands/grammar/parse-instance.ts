import { type InstanceReference, readInstanceReference } from './instance-reference.ts';
import { looksLikeOption, type OptionName, readOption } from './options.ts';
import type { ParsedCommand, UsageProblem } from './parsed-command.ts';
import { readToken, type Token } from './tokens.ts';
import { isProblem, problem, usage } from './usage.ts';

/**
 * `status|stop|logview <id|Logview URL>`, `result <id|URL> [--csv]`, `watch <id|URL> [--mention]`.
 * Flags may come before or after the instance; anything else is refused, not ignored, so a pasted
 * second id never looks like it was acted on.
 */
export type InstanceSubcommand = 'status' | 'stop' | 'logview' | 'result' | 'watch';

const ALLOWED: Readonly<Record<InstanceSubcommand, ReadonlySet<OptionName>>> = {
  status: new Set(['help']),
  stop: new Set(['help']),
  logview: new Set(['help']),
  result: new Set(['csv', 'help']),
  watch: new Set(['mention', 'help']),
};

export function parseInstanceCommand(subcommand: InstanceSubcommand, text: string, from: number): ParsedCommand {
  let ref: InstanceReference | undefined;
  let csv = false;
  let mention = false;
  for (let token = readToken(text, from); token !== undefined; ) {
    let next = token.end;
    if (looksLikeOption(token)) {
      const option = readOption(text, token, ALLOWED[subcommand]);
      if (isProblem(option)) return usage(option, subcommand);
      if (option.name === 'help') return { kind: 'help', topic: subcommand };
      if (option.name === 'csv') csv = true;
      if (option.name === 'mention') mention = true;
      next = option.end;
    } else if (ref === undefined) {
      const parsed = instanceReference(token);
      if (isProblem(parsed)) return usage(parsed, subcommand);
      ref = parsed;
    } else {
      return usage(problem('unexpected_argument', token.value), subcommand);
    }
    token = readToken(text, next);
  }
  if (ref === undefined) return usage(problem('missing_instance'), subcommand);
  switch (subcommand) {
    case 'result':
      return { kind: 'result', ref, csv };
    case 'watch':
      return { kind: 'watch', ref, mention };
    default:
      return { kind: subcommand, ref };
  }
}

/** Backticks around an id are code formatting from wherever it was copied. */
function instanceReference(token: Token): InstanceReference | UsageProblem {
  const input = token.value.replace(/^`+|`+$/g, '');
  return readInstanceReference(input) ?? problem('bad_instance', token.value);
}
