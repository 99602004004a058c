/**
 * PyODPS's `get_stage_progress_formatted_string`, character for character:
 * `YYYY-MM-DD HH:MM:SS ` then, per stage, `{ID}:{running}/{terminated}/{total}{(+N backups)}[{pct}%]\t`.
 * So the text ends with a tab, or with the space after the timestamp when there are no stages.
 * See docs/maxcompute-protocol.md, "Progress (?instanceprogress) and the stage string".
 */
import type { TaskProgress } from './types.ts';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string | undefined): Intl.DateTimeFormat {
  const key = timeZone ?? '';
  let formatter = formatters.get(key);
  if (formatter === undefined) {
    // Only the parts are used, so the locale's ordering and separators do not matter.
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(key, formatter);
  }
  return formatter;
}

/** `YYYY-MM-DD HH:MM:SS` of `at` in `timeZone` (IANA name; default: the process's zone, as PyODPS). */
export function formatLocalTimestamp(at: Date, timeZone?: string): string {
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const part of formatterFor(timeZone).formatToParts(at)) parts[part.type] = part.value;
  const { year = '', month = '', day = '', hour = '', minute = '', second = '' } = parts;
  return `${year.padStart(4, '0')}-${month}-${day} ${hour}:${minute}:${second}`;
}

/** Throws RangeError for an unknown `timeZone`, as Intl does. */
export function formatStageProgress(progress: TaskProgress, at: Date, timeZone?: string): string {
  let text = `${formatLocalTimestamp(at, timeZone)} `;
  for (const stage of progress.stages) {
    const backups = stage.backupWorkers > 0 ? `(+${stage.backupWorkers} backups)` : '';
    const workers = `${stage.runningWorkers}/${stage.terminatedWorkers}/${stage.totalWorkers}${backups}`;
    text += `${stage.id}:${workers}[${stage.finishedPercentage}%]\t`;
  }
  return text;
}
