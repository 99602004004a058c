import { MemorySpendLedger } from '../../src/store/memory-spend-ledger.ts';
import { spendLedgerContract } from './spend-ledger-contract.ts';

spendLedgerContract('MemorySpendLedger', (options) => new MemorySpendLedger(options));
