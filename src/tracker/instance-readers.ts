import type { MaxComputeGateway } from './maxcompute-gateway.ts';
import type { TrackedInstance } from './tracked-instance.ts';

/**
 * Who reads a tracked instance's progress and result for its channel (issue #17). With identities
 * per person, the person who submitted or watched it, as they are mapped now, so a notice never
 * shows what they could not read themselves; nobody (`withheld`) when they have no identity any more.
 * With the bot's identity (ODPS_IDENTITY_MODE=bot), the bot's gateway, without reading the record.
 */
export type InstanceReader =
  | { readonly kind: 'gateway'; readonly gateway: MaxComputeGateway }
  | { readonly kind: 'withheld'; readonly userId?: string };

export interface InstanceReaders {
  /**
   * `record` reads the instance's whole record by key (the active index does not keep who asked);
   * a reader that does not depend on the person never calls it. A record that is gone is withheld.
   */
  readerFor(record: () => Promise<TrackedInstance | undefined>, signal?: AbortSignal): Promise<InstanceReader>;
}

/** Every instance read with one gateway: the bot's, as before identities per person. */
export function oneReader(gateway: MaxComputeGateway): InstanceReaders {
  const reader: InstanceReader = { kind: 'gateway', gateway };
  return { readerFor: async () => reader };
}
