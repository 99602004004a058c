import type { IdentityMapping, IdentityMappingStore } from '../../identity/identity-mappings.ts';
import type { RunIdentity } from '../../identity/resolve-identity.ts';
import { sessionNameFor } from '../../identity/session-name.ts';
import { notice } from '../messages/notices.ts';
import { whoamiMessage } from '../messages/whoami.ts';
import { type CommandContext, type CommandReply, ephemeral } from './context.ts';

/**
 * `/odps whoami`: who the person runs as in MaxCompute now, decided as their next query would be
 * (the resolver: their mapping, ODPS_IDENTITY_MAP, their user groups, the mode), with no STS call, so
 * it answers within the acknowledgement. Anyone may ask, where /odps may be used at all.
 */
export async function whoami(context: CommandContext): Promise<CommandReply> {
  const { deps, origin, t } = context;
  const refusal = deps.policy.mayUse(origin);
  if (refusal) return ephemeral(notice(t(refusal.key, refusal.params), ':no_entry:'));
  const identity = await deps.callers.identityOf(origin.userId);
  const mapping = await mappingBehind(identity, origin.userId, deps.mappings.store);
  return ephemeral(
    whoamiMessage(
      {
        mode: deps.callers.mode,
        identity,
        ...(mapping ? { mapping } : {}),
        sessionName: sessionNameFor(origin.userId),
        admins: [...deps.config.guard.admins],
      },
      t,
    ),
  );
}

/** The resolver says which mapping decided; who made it and when is read from the table (one GetItem). */
function mappingBehind(
  identity: RunIdentity,
  userId: string,
  store: IdentityMappingStore,
): Promise<IdentityMapping | undefined> {
  if (identity.kind !== 'person') return Promise.resolve(undefined);
  if (identity.source === 'mapping') return store.get({ kind: 'user', userId });
  if (identity.source === 'group-mapping' && identity.groupId !== undefined) {
    return store.get({ kind: 'group', groupId: identity.groupId });
  }
  return Promise.resolve(undefined);
}
