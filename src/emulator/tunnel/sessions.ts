import { randomBytes } from 'node:crypto';
import type { ResultColumn } from '../model/instance.ts';

/**
 * Download sessions of the Instance Tunnel: created by `POST …?downloads`, named by the
 * `downloadid` every data request carries. Kept in memory, the most recent `MAX_SESSIONS`.
 */
export interface DownloadSession {
  readonly id: string;
  readonly project: string;
  readonly instanceId: string;
  /** The stored result (sql/result-store.ts). */
  readonly table: string;
  readonly columns: readonly ResultColumn[];
  readonly recordCount: number;
  readonly createdAtMs: number;
}

const MAX_SESSIONS = 10_000;

export class DownloadSessions {
  private readonly sessions = new Map<string, DownloadSession>();

  create(fields: Omit<DownloadSession, 'id' | 'createdAtMs'>, nowMs: number): DownloadSession {
    const stamp = new Date(nowMs).toISOString().replace(/[-:T]/g, '').slice(0, 14);
    const session = { ...fields, id: `${stamp}${randomBytes(8).toString('hex')}`, createdAtMs: nowMs };
    this.sessions.set(session.id, session);
    if (this.sessions.size > MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value as string);
    return session;
  }

  /** The session, if it exists and belongs to this instance; `expired` once it has outlived `ttlMs`. */
  get(
    id: string,
    project: string,
    instanceId: string,
    nowMs: number,
    ttlMs: number,
  ): DownloadSession | 'expired' | undefined {
    const session = this.sessions.get(id);
    if (session?.project !== project || session.instanceId !== instanceId) return undefined;
    return nowMs - session.createdAtMs > ttlMs ? 'expired' : session;
  }
}
