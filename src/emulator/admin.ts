import type { FaultInjector } from './faults.ts';
import { jsonReply, type Reply } from './http/reply.ts';
import type { FaultConfig } from './options.ts';
import type { RequestStats } from './stats.ts';

/**
 * Unsigned admin surface outside the API prefix, so another process can steer a running emulator:
 *   GET  /__emulator/faults        current FaultConfig
 *   PUT  /__emulator/faults        JSON patch of FaultConfig; answers the new config
 *   GET  /__emulator/stats         { requests, byKind }
 *   POST /__emulator/stats/reset
 */
export const ADMIN_PREFIX = '/__emulator';

export function handleAdmin(
  method: string,
  path: string,
  body: string,
  faults: FaultInjector,
  stats: RequestStats,
): Reply {
  const route = `${method} ${path.slice(ADMIN_PREFIX.length)}`;
  switch (route) {
    case 'GET /faults':
      return jsonReply(faults.get());
    case 'PUT /faults': {
      let patch: Partial<FaultConfig>;
      try {
        patch = JSON.parse(body) as Partial<FaultConfig>;
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
