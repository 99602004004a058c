export { DynamoDbInstanceStore, type DynamoDbInstanceStoreOptions } from './dynamodb-instance-store.ts';
export { ACTIVE_INDEX_NAME, ACTIVE_PARTITION } from './dynamodb-item-layout.ts';
export {
  type CreateInstanceTableOptions,
  createInstanceTable,
  INSTANCE_TABLE_TTL,
  instanceTableDefinition,
} from './dynamodb-table.ts';
export { DEFAULT_INSTANCE_TTL_SECONDS } from './expiry.ts';
export { MemoryInstanceStore, type MemoryInstanceStoreOptions } from './memory-instance-store.ts';
export {
  StoreConflictError,
  StoreError,
  StoreErrorCode,
  type StoreErrorOptions,
  StoreNotFoundError,
  StoreUnavailableError,
} from './store-errors.ts';
