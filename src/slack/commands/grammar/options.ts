import type { UsageProblem } from './parsed-command.ts';
import { normalizeSpaces, unescapeSlackText } from './slack-text.ts';
import { readToken, type Token } from './tokens.ts';
import { problem } from './usage.ts';

/**
 * Options are spelled `--name value`, `--name=value` or, for flags, `--name`. Names are
 * case-insensitive. A leading em or en dash counts as `--`, because Slack on macOS turns a typed `--`
 * into `—` when smart dashes are on.
 */
export type OptionName = 'project' | 'limit' | 'hint' | 'mention' | 'csv' | 'since' | 'priority' | 'quota' | 'help';

const SPELLINGS: ReadonlyMap<string, OptionName> = new Map([
  ['-p', 'project'],
  ['--project', 'project'],
  ['--limit', 'limit'],
  ['--hint', 'hint'],
  ['--mention', 'mention'],
  ['--csv', 'csv'],
  ['--since', 'since'],
  ['--priority', 'priority'],
  ['--quota', 'quota'],
  ['-h', 'help'],
  ['--help', 'help'],
]);
const TAKES_VALUE: ReadonlySet<OptionName> = new Set(['project', 'limit', 'hint', 'since', 'priority', 'quota']);
const OPTION_LIKE = /^(?:--?|[\u2013\u2014])[A-Za-z]/;

export interface OptionRead {
  readonly name: OptionName;
  /** As the user typed it (up to any `=`), for problem details. */
  readonly spelled: string;
  /** Quotes removed and Slack's escaping undone; undefined for flags. */
  readonly value?: string;
  /** Where reading continues. */
  readonly end: number;
}

/** A quoted word is always a value: `"--limit"` is text, not an option. */
export function looksLikeOption(token: Token): boolean {
  return !token.quoted && OPTION_LIKE.test(token.value);
}

export function readOption(text: string, token: Token, allowed: ReadonlySet<OptionName>): OptionRead | UsageProblem {
  if (token.unterminated) return problem('bad_option', text.slice(token.start, token.end));
  const equals = token.value.indexOf('=');
  const spelled = equals < 0 ? token.value : token.value.slice(0, equals);
  const name = SPELLINGS.get(spelled.replace(/^[\u2013\u2014]/, '--').toLowerCase());
  if (name === undefined || !allowed.has(name)) return problem('bad_option', spelled);
  if (!TAKES_VALUE.has(name)) {
    return equals < 0 ? { name, spelled, end: token.end } : problem('bad_option', token.value);
  }
  if (equals >= 0) return { name, spelled, value: cleanValue(token.value.slice(equals + 1)), end: token.end };
  const next = readToken(text, token.end);
  if (next === undefined || looksLikeOption(next)) return problem('missing_option_value', spelled);
  if (next.unterminated) return problem('bad_option', text.slice(next.start, next.end));
  return { name, spelled, value: cleanValue(next.value), end: next.end };
}

/**
 * Giving a value option twice is refused (which of two projects was meant cannot be guessed); the
 * repeat is the argument that was not expected.
 */
export function repeatedOption(option: OptionRead): UsageProblem {
  return problem(
    'unexpected_argument',
    option.value === undefined ? option.spelled : `${option.spelled} ${option.value}`,
  );
}

function cleanValue(value: string): string {
  return unescapeSlackText(normalizeSpaces(value));
}
