export { classifySql } from './classify-sql.ts';
export type {
  ReadOnlyKeyword,
  RefusalCode,
  RefusalReason,
  SqlVerdict,
  StatementInfo,
} from './verdict.ts';
export { READ_ONLY_KEYWORDS } from './verdict.ts';
