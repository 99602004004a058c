import { parseHint, parseLimit, parsePriority, parseProject, parseQuota } from './option-values.ts';
import { looksLikeOption, type OptionName, type OptionRead, readOption, repeatedOption } from './options.ts';
import type { ParsedCommand, UsageProblem } from './parsed-command.ts';
import { sqlArgument } from './sql-argument.ts';
import { readToken } from './tokens.ts';
import { isProblem, problem, usage } from './usage.ts';

/**
 * `run [-p P] [--limit N] [--hint k=v]… [--mention] <sql>`, and `cost [-p P] [--hint k=v]… <sql>`
 * (the estimate of what `run` would cost). Options come first; the first word that is not an option
 * starts the SQL, and everything from there on is SQL verbatim (so a `--limit` after the SQL is an SQL
 * comment, as MaxCompute would read it). A lone `--` also starts the SQL: it is an SQL line comment,
 * kept with the rest.
 */
const OPTIONS: Readonly<Record<'run' | 'cost', ReadonlySet<OptionName>>> = {
  run: new Set(['project', 'limit', 'hint', 'mention', 'priority', 'quota', 'help']),
  cost: new Set(['project', 'hint', 'help']),
};

interface RunState {
  project?: string;
  limit?: number;
  priority?: number;
  quota?: string;
  readonly hints: Record<string, string>;
  mention: boolean;
}

export function parseRun(text: string, from: number, subcommand: 'run' | 'cost' = 'run'): ParsedCommand {
  const state: RunState = { hints: {}, mention: false };
  const done = (sql: string) => (subcommand === 'run' ? runCommand(state, sql) : costCommand(state, sql));
  let position = from;
  for (;;) {
    const token = readToken(text, position);
    if (token === undefined) return done('');
    if (!looksLikeOption(token)) return done(sqlArgument(text.slice(token.start)));
    const option = readOption(text, token, OPTIONS[subcommand]);
    if (isProblem(option)) return usage(option, subcommand);
    if (option.name === 'help') return { kind: 'help', topic: subcommand };
    const found = applyOption(state, option);
    if (found !== undefined) return usage(found, subcommand);
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
    case 'priority':
    case 'quota':
      return applyKnob(state, option, value);
    default:
      return problem('bad_option', option.spelled);
  }
}

/** There is no editor to open for an estimate: no SQL is a usage problem. */
function costCommand(state: RunState, sql: string): ParsedCommand {
  if (sql === '') return usage(problem('missing_sql'), 'cost');
  return { kind: 'cost', sql, ...(state.project === undefined ? {} : { project: state.project }), hints: state.hints };
}

/** Where and how soon MaxCompute runs the job: checked against the allowlists when the run is handled. */
function applyKnob(state: RunState, option: OptionRead, value: string): UsageProblem | undefined {
  if (state[option.name as 'priority' | 'quota'] !== undefined) return repeatedOption(option);
  if (option.name === 'priority') {
    const priority = parsePriority(value);
    if (isProblem(priority)) return priority;
    state.priority = priority;
    return undefined;
  }
  const quota = parseQuota(value);
  if (isProblem(quota)) return quota;
  state.quota = quota;
  return undefined;
}

function runCommand(state: RunState, sql: string): ParsedCommand {
  return {
    kind: 'run',
    sql,
    ...(state.project === undefined ? {} : { project: state.project }),
    ...(state.limit === undefined ? {} : { limit: state.limit }),
    hints: state.hints,
    mention: state.mention,
    ...(state.priority === undefined ? {} : { priority: state.priority }),
    ...(state.quota === undefined ? {} : { quota: state.quota }),
  };
}
