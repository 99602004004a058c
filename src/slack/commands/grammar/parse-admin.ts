import { isSlackGroupId, isSlackUserId } from '../../../identity/identity-input.ts';
import type { MappingSubject } from '../../../identity/identity-mappings.ts';
import { parseRoleArn } from '../../../shared/role-arn.ts';
import type { AdminAction, ParsedCommand, UsageProblem } from './parsed-command.ts';
import { normalizeSpaces, unescapeSlackText } from './slack-text.ts';
import { subcommandNamed } from './subcommands.ts';
import { readAllTokens, type Token } from './tokens.ts';
import { isProblem, problem, usage } from './usage.ts';

/**
 * `admin map <@person | @user-group> <role ARN>`, `admin unmap <@person | @user-group>`,
 * `admin mappings`. Strict: the subject first, then the ARN, and nothing after them, so a mapping is
 * only ever made from exactly what the admin meant; anything else is a usage problem, found before
 * any request. `admin` alone (or with `help`) is the admin help.
 */
const VERBS: ReadonlyMap<string, AdminAction['verb']> = new Map([
  ['map', 'map'],
  ['unmap', 'unmap'],
  ['mappings', 'mappings'],
]);

/**
 * Slack's tokens for a mention in a slash command's text (should_escape on, as the manifest sets it):
 * a person `<@U0ADA|ada>` or `<@U0ADA>`, a user group `<!subteam^S0DATALEADS|@data-leads>` or
 * `<!subteam^S0DATALEADS>`. The id is checked again by identity-input.ts's rules below.
 */
const USER_MENTION = /^<@([A-Z0-9]+)(?:\|[^<>]*)?>$/;
const GROUP_MENTION = /^<!subteam\^([A-Z0-9]+)(?:\|[^<>]*)?>$/;
/**
 * A bare id (`U0ADA`, `S0DATALEADS`) is taken too: a deactivated person or a deleted group can no
 * longer be mentioned, and their mapping must still be removable. It must hold a digit, as Slack's ids
 * do, so that a word such as `USERS` is never read as one.
 */
const HAS_DIGIT = /\d/;

export function parseAdmin(text: string, from: number): ParsedCommand {
  const [verbToken, ...rest] = readAllTokens(text, from);
  if (verbToken === undefined || subcommandNamed(verbToken.value) === 'help') return { kind: 'help', topic: 'admin' };
  const verb = VERBS.get(verbToken.value.toLowerCase());
  if (verb === undefined) return usage(problem('unknown_admin_action', verbToken.value), 'admin');
  const action = adminAction(verb, rest, text);
  return isProblem(action) ? usage(action, 'admin') : { kind: 'admin', action };
}

function adminAction(verb: AdminAction['verb'], words: readonly Token[], text: string): AdminAction | UsageProblem {
  const typed = (token: Token) => shown(token, text);
  if (verb === 'mappings') return words[0] === undefined ? { verb } : problem('unexpected_argument', typed(words[0]));
  const [subjectWord, arnWord, extra] = words;
  if (subjectWord === undefined) return problem('missing_subject');
  const subject = subjectWord.unterminated ? undefined : mappingSubject(subjectWord);
  if (subject === undefined) return problem('bad_subject', typed(subjectWord));
  if (verb === 'unmap')
    return arnWord === undefined ? { verb, subject } : problem('unexpected_argument', typed(arnWord));
  if (arnWord === undefined) return problem('missing_role_arn');
  const roleArn = arnWord.unterminated ? undefined : parseRoleArn(cleanArn(arnWord));
  if (roleArn === undefined) return problem('bad_role_arn', typed(arnWord));
  if (extra !== undefined) return problem('unexpected_argument', typed(extra));
  return { verb, subject, roleArn: roleArn.arn };
}

/** A mention or a bare id of a person (`U…`, `W…`) or a user group (`S…`); undefined for anything else. */
export function mappingSubject(token: Token): MappingSubject | undefined {
  const word = token.value;
  const userId = USER_MENTION.exec(word)?.[1] ?? (HAS_DIGIT.test(word) ? word : undefined);
  if (isSlackUserId(userId)) return { kind: 'user', userId };
  const groupId = GROUP_MENTION.exec(word)?.[1] ?? (HAS_DIGIT.test(word) ? word : undefined);
  if (isSlackGroupId(groupId)) return { kind: 'group', groupId };
  return undefined;
}

/** An ARN pasted from a console may arrive in backticks, or as a link Slack made of it. */
function cleanArn(token: Token): string {
  return unescapeSlackText(normalizeSpaces(token.value)).replace(/^`+|`+$/g, '');
}

/**
 * Problems quote what the admin typed, as they would recognise it (`@ada`, not `<@U0ADA|ada>`); a word
 * whose quote was never closed (it swallowed the rest of the text), with its quote, as typed.
 */
function shown(token: Token, text: string): string {
  return unescapeSlackText(normalizeSpaces(token.unterminated ? text.slice(token.start, token.end) : token.value));
}
