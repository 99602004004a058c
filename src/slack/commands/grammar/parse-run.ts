import { parseHint, parseLimit, parseProject } from './option-values.ts';
import { looksLikeOption, type OptionName, type OptionRead, readOption, repeatedOption } from './options.ts';
import type { ParsedCommand, UsageProblem } from './parsed-command.ts';
import { sqlArgument } from './sql-argument.ts';
import { readToken } from './tokens.ts';
import { isProblem, problem, usage } from './usage.ts';

/**
 * `run [-p P] [--limit N] [--hint k=v]… [--mention] <sql>`. Options come first; the first word that
 * is not an option starts the SQL, and everything from there on is SQL verbatim (so a `--limit` after
 * the SQL is an SQL comment, as MaxCompute would read it). A lone `--` also starts the SQL: it is an
 * SQL line comment, kept with the rest.
 */
const RUN_OPTIONS: ReadonlySet<OptionName> = new Set(['project', 'limit', 'hint', 'mention', 'help']);

interface RunState {
  project?: string;
  limit?: number;
  readonly hints: Record<string, string>;
  mention: boolean;
}

export function parseRun(text: string, from: number): ParsedCommand {
  const state: RunState = { hints: {}, mention: false };
  let position = from;
  for (;;) {
    const token = readToken(text, position);
    if (token === undefined) return runCommand(state, '');
    if (!looksLikeOption(token)) return runCommand(state, sqlArgument(text.slice(token.start)));
    const option = readOption(text, token, RUN_OPTIONS);
    if (isProblem(option)) return usage(option, 'run');
    if (option.name === 'help') return { kind: 'help', topic: 'run' };
    const found = applyOption(state, option);
    if (found !== undefined) return usage(found, 'run');
    position = option.end;
  }
}

function applyOption(state: RunState, option: OptionRead): UsageProblem | undefined {
  const value = option.value ?? '';
  switch (option.name) {
    case 'project': {
      if (state.project !== undefined) return repeatedOption(option);
      const project = parseProject(value);
      if (isProblem(project)) return project;
      state.project = project;
      return undefined;
    }
    case 'limit': {
      if (state.limit !== undefined) return repeatedOption(option);
      const limit = parseLimit(value);
      if (isProblem(limit)) return limit;
      state.limit = limit;
      return undefined;
    }
    case 'hint': {
      const hint = parseHint(value);
      if (isProblem(hint)) return hint;
      if (Object.hasOwn(state.hints, hint.key)) return repeatedOption(option);
      state.hints[hint.key] = hint.value;
      return undefined;
    }
    case 'mention':
      state.mention = true;
      return undefined;
    default:
      return problem('bad_option', option.spelled);
  }
}

function runCommand(state: RunState, sql: string): ParsedCommand {
  return {
    kind: 'run',
    sql,
    ...(state.project === undefined ? {} : { project: state.project }),
    ...(state.limit === undefined ? {} : { limit: state.limit }),
    hints: state.hints,
    mention: state.mention,
  };
}
