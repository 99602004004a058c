import type { Logger } from '../../../src/observability/logger.ts';

export interface LogRecord {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly message: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

export interface RecordingLogger {
  readonly logger: Logger;
  /** Lines per `level message`, every level but debug. */
  readonly counts: Map<string, number>;
  /** Warn and error lines (the first 20,000). */
  readonly records: LogRecord[];
  find(message: string | RegExp): LogRecord[];
}

const KEEP = 20_000;

/** A structured logger that keeps what the suite checks: counts of every line, and warnings and errors. */
export function recordingLogger(): RecordingLogger {
  const counts = new Map<string, number>();
  const records: LogRecord[] = [];
  const log =
    (level: LogRecord['level']) =>
    (message: string, fields: Readonly<Record<string, unknown>> = {}) => {
      if (level === 'debug') return;
      const key = `${level} ${message}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      if ((level === 'warn' || level === 'error') && records.length < KEEP) records.push({ level, message, fields });
    };
  return {
    logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
    counts,
    records,
    find: (message) =>
      records.filter((record) =>
        typeof message === 'string' ? record.message === message : message.test(record.message),
      ),
  };
}
