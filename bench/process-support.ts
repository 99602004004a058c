import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

/** What the benchmarks' harnesses and their measured processes share. */

/** A child's stdout as lines: `match` waits for the next line matching the pattern (others go to `other`). */
export function linesOf(child: ChildProcess, other: (line: string) => void = () => undefined) {
  if (!child.stdout) throw new Error('no stdout to read');
  const waiting: { pattern: RegExp; resolve: (value: string) => void; reject: (error: Error) => void }[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    const found = waiting[0]?.pattern.exec(line);
    if (found?.[1] !== undefined) waiting.shift()?.resolve(found[1]);
    else other(line);
  });
  child.once('exit', (code) => {
    for (const waiter of waiting.splice(0)) waiter.reject(new Error(`a benchmark process exited early (${code})`));
  });
  return {
    match: (pattern: RegExp) =>
      new Promise<string>((resolve, reject) => {
        waiting.push({ pattern, resolve, reject });
      }),
  };
}

/** Linux's split of the RSS: anonymous memory (heaps, malloc) and file-backed pages (the node binary). */
/** The process's memory as the benchmarks report it: Node's figures and Linux's split of the RSS. */
export function memoryReadings(): Record<string, number | undefined> {
  const { rss, heapTotal, heapUsed, external, arrayBuffers } = process.memoryUsage();
  return { rss, heapTotal, heapUsed, external, arrayBuffers, ...rssParts() };
}

export function rssParts(): { rssAnon?: number; rssFile?: number } {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const kb = (name: string) =>
      Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN) * 1024;
    return { rssAnon: kb('RssAnon'), rssFile: kb('RssFile') };
  } catch {
    return {};
  }
}
