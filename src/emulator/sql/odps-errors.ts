import { lineColumnAt } from './split.ts';

/**
 * DuckDB error text -> MaxCompute task failure text (`ODPS-MMCCCCX:[line,col] ...`).
 * The one table of codes the emulator uses:
 *
 * | DuckDB error                                   | MaxCompute text                                         |
 * |------------------------------------------------|---------------------------------------------------------|
 * | Parser Error                                   | ODPS-0130161:[l,c] Parse exception - <detail>           |
 * | Catalog Error: Table with name X does not exist| ODPS-0130131:[l,c] Table not found - table p.X cannot be resolved |
 * | Catalog Error (other), Binder Error            | ODPS-0130071:[l,c] Semantic analysis exception - <detail>|
 * | Conversion Error                               | ODPS-0123091:Illegal type cast - <detail>               |
 * | Out of Range Error                             | ODPS-0123111:Value out of range - <detail>              |
 * | Constraint Error                               | ODPS-0123121:Constraint violation - <detail>            |
 * | Invalid Input Error                            | ODPS-0123131:Invalid input - <detail>                   |
 * | Permission Error (file access is disabled)     | ODPS-0130013:Authorization exception - <detail>         |
 * | anything else                                  | ODPS-0123055:Script exception - <detail>                |
 *
 * Hint failures (`emulator.fail`) without an ODPS- prefix get `ODPS-0130071:`.
 *
 * See docs/maxcompute-protocol.md, "Failure texts and ODPS codes".
 */
export interface OdpsFailure {
  readonly text: string;
  /** False for compile-time failures: the job never got stages, so progress stays empty. */
  readonly ranStages: boolean;
}

interface DuckDbError {
  readonly kind: string;
  readonly detail: string;
  /** 0-based offset inside the failing statement, when DuckDB pointed at one. */
  readonly position: number | undefined;
}

/** Where a statement sits: its text, the whole script and its offset there, the project it runs in. */
export interface StatementPlace {
  readonly statement: string;
  readonly script: string;
  readonly offset: number;
  readonly project: string;
}

export function odpsFailure(message: string, place: StatementPlace): OdpsFailure {
  const { statement, script } = place;
  const error = parseDuckDbError(message, statement);
  const at = (position = error.position) => {
    const { line, column } = lineColumnAt(script, place.offset + (position ?? statement.length));
    return `[${line},${column}]`;
  };
  switch (error.kind) {
    case 'Parser':
      return { text: `ODPS-0130161:${at()} Parse exception - ${error.detail}`, ranStages: false };
    case 'Catalog': {
      const missing = missingTable(error, place);
      if (missing !== undefined) {
        const text = `ODPS-0130131:${at(missing.position)} Table not found - table ${missing.name} cannot be resolved`;
        return { text, ranStages: false };
      }
      return { text: `ODPS-0130071:${at()} Semantic analysis exception - ${error.detail}`, ranStages: false };
    }
    case 'Binder':
      return { text: `ODPS-0130071:${at()} Semantic analysis exception - ${error.detail}`, ranStages: false };
    case 'Conversion':
      return { text: `ODPS-0123091:Illegal type cast - ${error.detail}`, ranStages: true };
    case 'Out of Range':
      return { text: `ODPS-0123111:Value out of range - ${error.detail}`, ranStages: true };
    case 'Constraint':
      return { text: `ODPS-0123121:Constraint violation - ${error.detail}`, ranStages: true };
    case 'Invalid Input':
      return { text: `ODPS-0123131:Invalid input - ${error.detail}`, ranStages: true };
    case 'Permission':
      return { text: `ODPS-0130013:Authorization exception - ${error.detail}`, ranStages: false };
    default:
      return { text: `ODPS-0123055:Script exception - ${error.detail}`, ranStages: true };
  }
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function hintFailure(text: string): OdpsFailure {
  return { text: text.startsWith('ODPS-') ? text : `ODPS-0130071:${text}`, ranStages: true };
}

const MISSING_TABLE = /^Table with name "?([^"]+?)"? does not exist/;
const TABLE_REFERENCE = /^(?:"[^"]*"|[A-Za-z_]\w*)(?:\.(?:"[^"]*"|[A-Za-z_]\w*))*/;

/**
 * The table as MaxCompute names it, `project.table`: DuckDB's message drops the project, so it is
 * read from the reference as written where DuckDB's caret points, else it is the submitter's.
 */
function missingTable(error: DuckDbError, place: StatementPlace): { name: string; position: number } | undefined {
  const name = MISSING_TABLE.exec(error.detail)?.[1];
  if (name === undefined) return undefined;
  const table = name.split('.').at(-1) ?? name;
  const position = error.position ?? wordAt(place.statement, table) ?? place.statement.length;
  const written = (TABLE_REFERENCE.exec(place.statement.slice(position))?.[0] ?? '')
    .split('.')
    .map((part) => part.replace(/^"|"$/g, ''));
  const writtenProject = written.at(-1)?.toLowerCase() === table.toLowerCase() ? written.at(-2) : undefined;
  const project = writtenProject ?? (name.includes('.') ? name.split('.')[0] : place.project);
  return { name: `${project}.${table}`, position };
}

function wordAt(statement: string, word: string): number | undefined {
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const found = new RegExp(`\\b${escaped}\\b`, 'i').exec(statement);
  return found?.index;
}

/**
 * DuckDB messages look like `Binder Error: Referenced column "x" not found ...\n\nLINE 1: select x from t\n ^`.
 * The caret line gives the column; a long line is shown as a window starting with `...`.
 */
function parseDuckDbError(message: string, statement: string): DuckDbError {
  const cleaned = message.replace(/^Failed to extract statements: /, '');
  const head = /^([A-Za-z ]+?) Error: ([\s\S]*)$/.exec(cleaned);
  const kind = head?.[1] ?? 'Unknown';
  const body = head?.[2] ?? cleaned;
  const lines = body.split('\n');
  const detailLines: string[] = [];
  for (const line of lines) {
    if (line.startsWith('LINE ') || line.startsWith('Did you mean')) break;
    detailLines.push(line);
  }
  const detail = detailLines.join(' ').replace(/\s+/g, ' ').trim();
  return { kind, detail, position: caretPosition(lines, statement) };
}

function caretPosition(lines: string[], statement: string): number | undefined {
  const at = lines.findIndex((line) => /^LINE \d+: /.test(line));
  const shown = lines[at];
  const caretLine = lines[at + 1];
  if (at < 0 || shown === undefined || caretLine === undefined || !caretLine.trimEnd().endsWith('^')) return undefined;
  const prefix = /^LINE (\d+): /.exec(shown);
  const lineNumber = Number(prefix?.[1] ?? '1');
  const prefixLength = prefix?.[0].length ?? 0;
  let caret = caretLine.length - 1 - prefixLength;
  let snippet = shown.slice(prefixLength);
  const statementLine = statement.split('\n')[lineNumber - 1] ?? '';
  if (snippet.startsWith('...')) {
    snippet = snippet.slice(3);
    caret -= 3;
    const found = statementLine.indexOf(snippet.replace(/\.\.\.$/, ''));
    if (found < 0) return undefined;
    caret += found;
  }
  const lineStart =
    statement
      .split('\n')
      .slice(0, lineNumber - 1)
      .join('\n').length + (lineNumber > 1 ? 1 : 0);
  return lineStart + Math.max(0, caret);
}
