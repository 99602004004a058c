import { isProjectName } from '../../../shared/maxcompute-names.ts';
import type { UsageProblem } from './parsed-command.ts';
import { problem } from './usage.ts';

/** Checks for the values options carry; each answers the value or the problem, never throws. */

const MAX_LIMIT = 10_000;
const HINT_KEY = /^[A-Za-z0-9_.-]{1,128}$/;
const MAX_HINT_VALUE = 1000;
const SINCE = /^(?:\d{1,9}[smhd])+$/i;
const SINCE_PART = /(\d+)([smhd])/gi;
const DAY_MS = 86_400_000;
const UNIT_MS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: DAY_MS };
/** `list` reads the instance listing back this far at most; older is not worth a Slack reply. */
export const MAX_SINCE_MS = 7 * DAY_MS;

export function parseProject(value: string): string | UsageProblem {
  const project = value.trim();
  return isProjectName(project) ? project : problem('bad_project', value);
}

/** ASCII digits only: `1e3`, `0x10` or `５` are refused rather than guessed at. */
export function parseLimit(value: string): number | UsageProblem {
  if (!/^\d{1,6}$/.test(value)) return problem('bad_limit', value);
  const limit = Number(value);
  return limit >= 1 && limit <= MAX_LIMIT ? limit : problem('bad_limit', value);
}

/** MaxCompute's job priority: 0 (first) to 9 (last). */
export function parsePriority(value: string): number | UsageProblem {
  return /^\d$/.test(value) ? Number(value) : problem('bad_priority', value);
}

/** A quota's name as MaxCompute spells them: letters, digits, `_` and `-`. */
export function parseQuota(value: string): string | UsageProblem {
  return /^[A-Za-z0-9_-]{1,64}$/.test(value) ? value : problem('bad_quota', value);
}

/** `90s`, `30m`, `2h`, `1d`, or a sum such as `1h30m`; more than zero and at most 7 days. */
export function parseSince(value: string): number | UsageProblem {
  if (!SINCE.test(value)) return problem('bad_since', value);
  let total = 0;
  for (const [, amount, unit] of value.matchAll(SINCE_PART)) {
    total += Number(amount) * (UNIT_MS[(unit ?? '').toLowerCase()] ?? Number.NaN);
  }
  return total > 0 && total <= MAX_SINCE_MS ? total : problem('bad_since', value);
}

/**
 * `k=v`, split at the first `=`. An empty value is refused: `--hint k= select …` is far more likely a
 * stray space than a wish to set nothing. `__proto__` is refused because assigning it to a plain
 * object would silently drop the hint (no MaxCompute setting is spelled that way).
 */
export function parseHint(value: string): { readonly key: string; readonly value: string } | UsageProblem {
  const equals = value.indexOf('=');
  if (equals < 0) return problem('bad_hint', value);
  const key = value.slice(0, equals);
  const setting = value.slice(equals + 1);
  if (!HINT_KEY.test(key) || key === '__proto__') return problem('bad_hint', value);
  if (setting.length === 0 || setting.length > MAX_HINT_VALUE) return problem('bad_hint', value);
  return { key, value: setting };
}
