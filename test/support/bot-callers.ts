import { Callers } from '../../src/identity/callers.ts';
import { NO_CONFIGURED_MAPPINGS } from '../../src/identity/identity-mappings.ts';
import { IdentityResolver } from '../../src/identity/identity-resolver.ts';
import { MemoryIdentityMappingStore } from '../../src/store/memory-identity-mapping-store.ts';
import type { MaxComputeGateway } from '../../src/tracker/maxcompute-gateway.ts';

/**
 * Callers in bot mode (as ODPS_IDENTITY_MODE=bot builds them) on a gateway of the test's: a test that
 * swaps the gateway under the Slack layer (to fail or delay a call) swaps it for everyone.
 */
export function botCallers(gateway: MaxComputeGateway): Callers {
  const resolver = new IdentityResolver({
    mode: 'bot',
    store: new MemoryIdentityMappingStore(),
    configured: NO_CONFIGURED_MAPPINGS,
    groupMembers: async () => [],
  });
  return new Callers(resolver, {
    bot: gateway,
    forSession: () => {
      throw new Error('bot mode has no role sessions');
    },
    // Nothing is cached for a role session in bot mode, so there is nothing to drop.
    forget: () => {},
  });
}
