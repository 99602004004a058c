export {
  DynamoDbIdentityMappingStore,
  type DynamoDbIdentityMappingStoreOptions,
} from './dynamodb-identity-mapping-store.ts';
export { createIdentityTable, identityTableDefinition } from './dynamodb-identity-table.ts';
export { DynamoDbInstanceStore, type DynamoDbInstanceStoreOptions } from './dynamodb-instance-store.ts';
export { ACTIVE_INDEX_NAME, ACTIVE_PARTITION } from './dynamodb-item-layout.ts';
export { DynamoDbRunRequestStore, type DynamoDbRunRequestStoreOptions } from './dynamodb-run-request-store.ts';
export { DynamoDbSpendLedger, type DynamoDbSpendLedgerOptions } from './dynamodb-spend-ledger.ts';
export {
  type CreateInstanceTableOptions,
  createInstanceTable,
  createTable,
  INSTANCE_TABLE_TTL,
  instanceTableDefinition,
} from './dynamodb-table.ts';
export {
  DEFAULT_INSTANCE_TTL_SECONDS,
  DEFAULT_RUN_REQUEST_RETENTION_SECONDS,
  DEFAULT_SPEND_RETENTION_SECONDS,
} from './expiry.ts';
export { MemoryIdentityMappingStore } from './memory-identity-mapping-store.ts';
export { MemoryInstanceStore, type MemoryInstanceStoreOptions } from './memory-instance-store.ts';
export { MemoryRunRequestStore, type MemoryRunRequestStoreOptions } from './memory-run-request-store.ts';
export { MemorySpendLedger, type MemorySpendLedgerOptions } from './memory-spend-ledger.ts';
export {
  StoreConflictError,
  StoreError,
  StoreErrorCode,
  type StoreErrorOptions,
  StoreNotFoundError,
  StoreUnavailableError,
} from './store-errors.ts';
