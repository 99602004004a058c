import { MemoryIdentityMappingStore } from '../../src/store/memory-identity-mapping-store.ts';
import { identityMappingStoreContract } from './identity-mapping-contract.ts';

identityMappingStoreContract('MemoryIdentityMappingStore', async () => new MemoryIdentityMappingStore());
