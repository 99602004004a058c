import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from '../observability/logger.ts';

/** Bolt's logger interface over ours, so Bolt's own messages land in the structured log. */
export function boltLogger(logger: Logger, name = 'bolt'): BoltLogger {
  let level: LogLevel = LogLevel.INFO;
  let currentName = name;
  const join = (messages: unknown[]) =>
    messages.map((each) => (each instanceof Error ? each.message : String(each))).join(' ');
  return {
    debug: (...messages) => logger.debug(join(messages), { source: currentName }),
    info: (...messages) => logger.info(join(messages), { source: currentName }),
    warn: (...messages) => logger.warn(join(messages), { source: currentName }),
    error: (...messages) => logger.error(join(messages), { source: currentName }),
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: (next) => {
      currentName = next;
    },
  };
}
