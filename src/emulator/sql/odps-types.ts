/** DuckDB type text (as DuckDB prints it) -> MaxCompute type name, for desc output and result schemas. */
export function odpsTypeName(duckType: string): string {
  const type = duckType.trim().toUpperCase();
  const decimal = /^DECIMAL\((\d+),\s*(\d+)\)$/.exec(type);
  if (decimal !== null) return `decimal(${decimal[1]},${decimal[2]})`;
  if (type.endsWith('[]')) return `array<${odpsTypeName(type.slice(0, -2))}>`;
  return SIMPLE[type] ?? 'string';
}

const SIMPLE: Readonly<Record<string, string>> = {
  BIGINT: 'bigint',
  INTEGER: 'int',
  SMALLINT: 'smallint',
  TINYINT: 'tinyint',
  UBIGINT: 'decimal(20,0)',
  UINTEGER: 'bigint',
  USMALLINT: 'int',
  UTINYINT: 'smallint',
  HUGEINT: 'decimal(38,0)',
  DOUBLE: 'double',
  FLOAT: 'float',
  VARCHAR: 'string',
  BOOLEAN: 'boolean',
  TIMESTAMP: 'datetime',
  TIMESTAMP_S: 'datetime',
  TIMESTAMP_MS: 'datetime',
  TIMESTAMP_NS: 'timestamp',
  'TIMESTAMP WITH TIME ZONE': 'timestamp',
  DATE: 'date',
  BLOB: 'binary',
  INTERVAL: 'interval_day_time',
};

/** Whether values of this DuckDB type are written bare (unquoted) in result CSV. */
export function isBareCsvType(duckType: string): boolean {
  const type = duckType.trim().toUpperCase();
  return /^(BIGINT|INTEGER|SMALLINT|TINYINT|UBIGINT|UINTEGER|USMALLINT|UTINYINT|HUGEINT|UHUGEINT|DOUBLE|FLOAT|BOOLEAN|DECIMAL\(.*\))$/.test(
    type,
  );
}
