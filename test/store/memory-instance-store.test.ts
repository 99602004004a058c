import { MemoryInstanceStore } from '../../src/store/memory-instance-store.ts';
import { instanceStoreContract } from './instance-store-contract.ts';

instanceStoreContract('MemoryInstanceStore', (options) => new MemoryInstanceStore(options));
