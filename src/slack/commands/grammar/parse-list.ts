import { parseProject, parseSince } from './option-values.ts';
import { looksLikeOption, type OptionName, readOption, repeatedOption } from './options.ts';
import type { ListScope, ParsedCommand } from './parsed-command.ts';
import { readToken } from './tokens.ts';
import { isProblem, problem, usage } from './usage.ts';

/**
 * `list [all|running|mine] [--since 2h] [-p P]`, words in any order. Without a scope it lists every
 * recent instance (`all`), as the help says, not only the running ones.
 */
const LIST_OPTIONS: ReadonlySet<OptionName> = new Set(['since', 'project', 'help']);
const SCOPES: ReadonlyMap<string, ListScope> = new Map([
  ['running', 'running'],
  ['mine', 'mine'],
  ['all', 'all'],
]);

export function parseList(text: string, from: number): ParsedCommand {
  let scope: ListScope | undefined;
  let sinceMs: number | undefined;
  let project: string | undefined;
  for (let token = readToken(text, from); token !== undefined; ) {
    let next = token.end;
    if (looksLikeOption(token)) {
      const option = readOption(text, token, LIST_OPTIONS);
      if (isProblem(option)) return usage(option, 'list');
      if (option.name === 'help') return { kind: 'help', topic: 'list' };
      if (option.name === 'since') {
        const since = sinceMs === undefined ? parseSince(option.value ?? '') : repeatedOption(option);
        if (isProblem(since)) return usage(since, 'list');
        sinceMs = since;
      } else {
        const named = project === undefined ? parseProject(option.value ?? '') : repeatedOption(option);
        if (isProblem(named)) return usage(named, 'list');
        project = named;
      }
      next = option.end;
    } else {
      const named = SCOPES.get(token.value.toLowerCase());
      if (named === undefined || scope !== undefined) return usage(problem('unexpected_argument', token.value), 'list');
      scope = named;
    }
    token = readToken(text, next);
  }
  return {
    kind: 'list',
    scope: scope ?? 'all',
    ...(sinceMs === undefined ? {} : { sinceMs }),
    ...(project === undefined ? {} : { project }),
  };
}
