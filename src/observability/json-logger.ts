import type { Logger } from './logger.ts';

type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const SECRET_KEY = /token|secret|password|authorization|signature|credential/i;

/**
 * One JSON object per line (CloudWatch and local terminals both read it). Fields whose names look
 * secret are redacted, and known secret values are masked wherever they appear, so neither a
 * careless field nor an error message that quotes a token can leak one.
 */
export function jsonLogger(options: {
  level?: Level;
  secrets?: readonly string[];
  write?: (line: string) => void;
  now?: () => number;
}): Logger {
  const threshold = ORDER[options.level ?? 'info'];
  // Each secret also as JSON writes it inside a string (a `"`, `\\` or control character escaped), since
  // the mask runs over the finished line.
  const secrets = (options.secrets ?? [])
    .filter((secret) => secret.length >= 6)
    .flatMap((secret) => [JSON.stringify(secret).slice(1, -1), secret])
    .filter((form, index, all) => all.indexOf(form) === index);
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const now = options.now ?? Date.now;
  const mask = (text: string) => secrets.reduce((masked, secret) => masked.replaceAll(secret, '[redacted]'), text);
  const log =
    (level: Level) =>
    (message: string, fields: Readonly<Record<string, unknown>> = {}) => {
      if (ORDER[level] < threshold) return;
      const record: Record<string, unknown> = { time: new Date(now()).toISOString(), level, message };
      for (const [key, value] of Object.entries(fields)) record[key] = SECRET_KEY.test(key) ? '[redacted]' : value;
      write(mask(JSON.stringify(record)));
    };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}
