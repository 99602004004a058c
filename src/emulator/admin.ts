import { jsonReply, type Reply } from './http/reply.ts';

/**
 * Unsigned admin surface outside the API, so another process can steer a running emulator. The
 * MaxCompute server and the STS stand-in each serve it for their own faults and counters:
 *   GET  /__emulator/faults        current FaultConfig (StsFaultConfig on the STS stand-in)
 *   PUT  /__emulator/faults        JSON patch of it; answers the new config
 *   GET  /__emulator/stats         { requests, byKind } ({ requests, byOutcome } on the STS stand-in)
 *   POST /__emulator/stats/reset
 */
export const ADMIN_PREFIX = '/__emulator';

/** What the admin surface steers: a fault setting that validates its patch, and counters. */
export interface AdminTargets {
  readonly faults: { get(): object; set(patch: Record<string, unknown>): void };
  readonly stats: { snapshot(): object; reset(): void };
}

export function handleAdmin(method: string, path: string, body: string, targets: AdminTargets): Reply {
  const { faults, stats } = targets;
  const route = `${method} ${path.slice(ADMIN_PREFIX.length)}`;
  switch (route) {
    case 'GET /faults':
      return jsonReply(faults.get());
    case 'PUT /faults': {
      let patch: Record<string, unknown>;
      try {
        patch = JSON.parse(body) as Record<string, unknown>;
        if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) throw new Error('not a JSON object');
        faults.set(patch);
      } catch (error) {
        return jsonReply({ error: error instanceof Error ? error.message : String(error) }, {}, 400);
      }
      return jsonReply(faults.get());
    }
    case 'GET /stats':
      return jsonReply(stats.snapshot());
    case 'POST /stats/reset':
      stats.reset();
      return jsonReply(stats.snapshot());
    default:
      return jsonReply({ error: `Unknown admin route ${route}` }, {}, 404);
  }
}
