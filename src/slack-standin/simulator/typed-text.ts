/**
 * Text a person typed, as Slack's client hands it on. Slack always escapes the three characters its
 * markup uses (`&` `<` `>` as `&amp;` `&lt;` `&gt;`), so markup typed as text can never pass for a
 * token. Real mentions become tokens: a workspace member's @name `<@U…>`, @channel/@here/@everyone
 * `<!channel>`…, a channel's #name `<#C…|name>`, and a link `<https://…>`. A posted message is always
 * stored that way; a slash command's text only when the command has "Escape channels, users, and
 * links sent to your app" on (should_escape), else it is escaped text alone (Slack's "Implementing
 * slash commands" and "Formatting text for app surfaces"). Modal input values are not this text:
 * Slack sends them as typed.
 */

export interface Mentionable {
  readonly id: string;
  /** What a person can type after @ to mean them: their user name and their full name. */
  readonly names: readonly string[];
}

export interface MentionDirectory {
  readonly people: readonly Mentionable[];
  readonly channels: readonly { readonly id: string; readonly name: string }[];
}

const BROADCASTS = ['channel', 'here', 'everyone'];

/**
 * Where a mention or a link may start: a link anywhere; @ or # only where a word does not go on (an
 * address like grace@example.com is no mention).
 */
const CANDIDATE = /https?:\/\/[^\s<>|"'`]+|(?<![\p{L}\p{N}_])[@#]/giu;
/** Punctuation that ends a sentence around a link, not the link. */
const TRAILING = /[.,;:!?)\]}]+$/u;
/** A name goes on while letters, digits, _ or - follow, or a dot and another letter. */
const NAME_GOES_ON = /^(?:[\p{L}\p{N}_-]|\.[\p{L}\p{N}])/u;

export function escapeSlackText(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** Escaped, with real mentions and links as Slack's tokens when `tokens` (a message, or should_escape). */
export function slackTypedText(typed: string, directory: MentionDirectory, options: { tokens: boolean }): string {
  if (!options.tokens) return escapeSlackText(typed);
  let out = '';
  let cursor = 0;
  for (const match of typed.matchAll(CANDIDATE)) {
    if (match.index < cursor) continue;
    const found = match[0].length > 1 ? link(match[0]) : mention(typed, match.index, directory);
    if (found === undefined) continue;
    out += escapeSlackText(typed.slice(cursor, match.index)) + found.token;
    cursor = match.index + found.length;
  }
  return out + escapeSlackText(typed.slice(cursor));
}

interface Found {
  readonly token: string;
  /** How many typed characters the token stands for. */
  readonly length: number;
}

function link(candidate: string): Found {
  const url = candidate.replace(TRAILING, '');
  return { token: `<${escapeSlackText(url)}>`, length: url.length };
}

/** The longest known name after the @ or # at `at`, when the typed word ends with it. */
function mention(typed: string, at: number, directory: MentionDirectory): Found | undefined {
  const rest = typed.slice(at + 1);
  const named = (name: string) =>
    rest.slice(0, name.length).toLowerCase() === name.toLowerCase() && !NAME_GOES_ON.test(rest.slice(name.length));
  const candidates: { name: string; token: string }[] =
    typed[at] === '#'
      ? directory.channels.map((channel) => ({ name: channel.name, token: `<#${channel.id}|${channel.name}>` }))
      : [
          ...BROADCASTS.map((name) => ({ name, token: `<!${name}>` })),
          ...directory.people.flatMap((person) => person.names.map((name) => ({ name, token: `<@${person.id}>` }))),
        ];
  const best = candidates
    .filter((candidate) => candidate.name !== '' && named(candidate.name))
    .sort((a, b) => b.name.length - a.name.length)[0];
  return best === undefined ? undefined : { token: best.token, length: best.name.length + 1 };
}
