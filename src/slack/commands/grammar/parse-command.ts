import { parseAdmin } from './parse-admin.ts';
import { parseInstanceCommand } from './parse-instance.ts';
import { parseList } from './parse-list.ts';
import { parseRun } from './parse-run.ts';
import type { ParsedCommand } from './parsed-command.ts';
import { normalizeSpaces, unescapeSlackText } from './slack-text.ts';
import { subcommandNamed } from './subcommands.ts';
import { readToken } from './tokens.ts';
import { problem, truncateDetail, usage } from './usage.ts';

/**
 * `/odps <text>` read into a {@link ParsedCommand}. Pure and total: every string gives an answer,
 * and what is wrong comes back as a usage problem (a code and the offending token) for the message
 * catalog to word. A first word that is not a subcommand is refused even when it looks like SQL:
 * running SQL takes an explicit `run`.
 */
export function parseCommand(text: string): ParsedCommand {
  // The payload is untyped form data at runtime; a missing field must not become a crash.
  const input = typeof text === 'string' ? text : '';
  const first = readToken(input, 0);
  if (first === undefined) return { kind: 'help' };
  // `run```select 1```: Slack users glue the fence to the word; the fence belongs to the SQL.
  const glued = /^([A-Za-z]+)`/.exec(input.slice(first.start));
  const word = glued?.[1] ?? first.value;
  const rest = glued === null ? first.end : first.start + word.length;
  const subcommand = subcommandNamed(word);
  switch (subcommand) {
    case undefined:
      return usage(problem('unknown_subcommand', first.value));
    case 'help':
      return help(input, rest);
    case 'run':
    case 'cost':
      return parseRun(input, rest, subcommand);
    case 'list':
      return parseList(input, rest);
    case 'admin':
      return parseAdmin(input, rest);
    case 'whoami':
      return whoami(input, rest);
    default:
      return parseInstanceCommand(subcommand, input, rest);
  }
}

/** `whoami` takes nothing: a word after it is refused, not ignored, as `whoami @someone` is not supported. */
function whoami(text: string, from: number): ParsedCommand {
  const extra = readToken(text, from);
  if (extra === undefined) return { kind: 'whoami' };
  if (subcommandNamed(extra.value) === 'help') return { kind: 'help', topic: 'whoami' };
  return usage(problem('unexpected_argument', unescapeSlackText(normalizeSpaces(extra.value))), 'whoami');
}

/** `help [topic]`: words after the topic are ignored, since whoever asks for help is unsure of the syntax. */
function help(text: string, from: number): ParsedCommand {
  const token = readToken(text, from);
  if (token === undefined) return { kind: 'help' };
  const topic = unescapeSlackText(normalizeSpaces(token.value)).toLowerCase();
  return { kind: 'help', topic: subcommandNamed(topic) ?? truncateDetail(topic) };
}
