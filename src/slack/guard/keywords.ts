/**
 * Keyword lists. Only the first word of a statement (and, in a query, a few words anywhere) are
 * looked at; everything not known to be read-only is refused, so these lists only choose the
 * wording of a refusal, never whether there is one.
 */

/** First words of statements that change something: data, metadata, permissions or the session. */
export const WRITE_STATEMENTS: ReadonlySet<string> = new Set([
  'INSERT',
  'UPDATE',
  'DELETE',
  'MERGE',
  'UPSERT',
  'REPLACE',
  'CREATE',
  'DROP',
  'ALTER',
  'TRUNCATE',
  'RENAME',
  'GRANT',
  'REVOKE',
  'LOAD',
  'UNLOAD',
  'COPY',
  'MSCK',
  'TUNNEL',
  'ADD',
  'REMOVE',
  'USE',
  'KILL',
  'CALL',
  'CLONE',
  'RESTORE',
  'PURGE',
  'UNDO',
  'ANALYZE',
  'EXPORT',
  'IMPORT',
  'INSTALL',
  'UNINSTALL',
  'ALLOW',
  'DISALLOW',
  'TOUCH',
  'COMPACT',
  'FREEZE',
  'PUT',
]);

/**
 * Words that have no read-only meaning inside a query: an `INSERT` in a CTE or after `FROM t`
 * (Hive's multi-insert), `SELECT … INTO`, `INSERT OVERWRITE`. A column so named can be written in
 * backticks (an identifier, not a word) or qualified (`t.update`), which is not refused.
 */
export const WRITES_INSIDE_QUERY: ReadonlySet<string> = new Set([
  'INSERT',
  'INTO',
  'OVERWRITE',
  'UPDATE',
  'DELETE',
  'MERGE',
  'CREATE',
  'DROP',
  'ALTER',
  'TRUNCATE',
]);

/** Read-only whatever follows them. */
export const INSPECTION_STATEMENTS: ReadonlySet<string> = new Set(['DESC', 'DESCRIBE', 'SHOW', 'EXPLAIN']);
