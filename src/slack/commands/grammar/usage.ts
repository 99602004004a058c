import type { ParsedCommand, Subcommand, UsageCode, UsageProblem } from './parsed-command.ts';

const MAX_DETAIL = 60;

/** A problem found while reading one subcommand's arguments; the subcommand is added by the caller. */
export function problem(code: UsageCode, detail?: string): UsageProblem {
  return detail === undefined ? { code } : { code, detail: truncateDetail(detail) };
}

export function usage(problemFound: UsageProblem, subcommand?: Subcommand): ParsedCommand {
  return subcommand === undefined
    ? { kind: 'usage', problem: problemFound }
    : { kind: 'usage', problem: problemFound, subcommand };
}

/** Counted in code points so an emoji or CJK character is never cut in half. */
export function truncateDetail(detail: string): string {
  const points = Array.from(detail);
  return points.length > MAX_DETAIL ? points.slice(0, MAX_DETAIL).join('') : detail;
}

export function isProblem(value: unknown): value is UsageProblem {
  return typeof value === 'object' && value !== null && 'code' in value && typeof value.code === 'string';
}
