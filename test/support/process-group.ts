import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Whether any process of a process group is still running. On Linux this reads /proc and ignores
 * zombies: an exited child whose parent died first waits there for PID 1 to reap it, which in some
 * containers never happens, though it holds nothing (no ports, no files). Elsewhere, signal 0.
 */
export function groupAlive(pgid: number): boolean {
  if (!existsSync('/proc/self/stat')) {
    try {
      process.kill(-pgid, 0);
      return true;
    } catch {
      return false;
    }
  }
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited while we looked
    }
    // "pid (comm) state ppid pgrp …", where comm may itself hold spaces and parentheses.
    const [state, , group] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(group) === pgid && state !== 'Z') return true;
  }
  return false;
}

/** SIGTERM to the whole group, then SIGKILL to whatever is left after `graceMs`; resolves when none is left. */
export async function stopGroup(pgid: number, graceMs = 10_000): Promise<void> {
  for (const [signal, waitMs] of [
    ['SIGTERM', graceMs],
    ['SIGKILL', 5000],
  ] as const) {
    try {
      process.kill(-pgid, signal);
    } catch {
      return; // no process left in the group
    }
    const deadline = Date.now() + waitMs;
    while (Date.now() < deadline) {
      if (!groupAlive(pgid)) return;
      await sleep(100);
    }
  }
  throw new Error(`process group ${pgid} still has running processes after SIGKILL`);
}
