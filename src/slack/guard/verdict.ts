/** What the read-only guard decided about a piece of SQL, as data for the message catalog. */

export type ReadOnlyKeyword = 'SELECT' | 'WITH' | 'DESC' | 'DESCRIBE' | 'SHOW' | 'EXPLAIN' | 'SET';

export const READ_ONLY_KEYWORDS: ReadonlySet<string> = new Set<ReadOnlyKeyword>([
  'SELECT',
  'WITH',
  'DESC',
  'DESCRIBE',
  'SHOW',
  'EXPLAIN',
  'SET',
]);

export interface StatementInfo {
  /** The statement's first keyword (for `(select …)`, the one after the parentheses). */
  readonly keyword: ReadOnlyKeyword;
  /** The statement's source, from its first token to its last, without the `;`. */
  readonly text: string;
}

export type RefusalCode = 'write_statement' | 'multiple_statements_with_write' | 'unparseable' | 'empty';

export interface RefusalReason {
  readonly code: RefusalCode;
  /** The keyword that decided it (`INSERT`, `INTO`, `DROP`), or the word that could not be read. */
  readonly keyword?: string;
}

export type SqlVerdict =
  | { readonly readOnly: true; readonly statements: StatementInfo[] }
  | {
      readonly readOnly: false;
      readonly reason: RefusalReason;
      /** The offending statement, at most 120 characters. */
      readonly statement?: string;
    };
