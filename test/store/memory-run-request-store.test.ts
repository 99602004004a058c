import { MemoryRunRequestStore } from '../../src/store/memory-run-request-store.ts';
import { runRequestStoreContract } from './run-request-contract.ts';

runRequestStoreContract('MemoryRunRequestStore', (options) => new MemoryRunRequestStore(options));
