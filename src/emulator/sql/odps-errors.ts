import { lineColumnAt } from './split.ts';

/**
 * DuckDB error text -> MaxCompute task failure text (`ODPS-MMCCCCX:[line,col] ...`).
 * The one table of codes the emulator uses:
 *
 * | DuckDB error                                   | MaxCompute text                                         |
 * |------------------------------------------------|---------------------------------------------------------|
 * | Parser Error                                   | ODPS-0130161:[l,c] Parse exception - <detail>           |
 * | Catalog Error: Table with name X does not exist| ODPS-0130131:Table not found - <detail>                 |
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

export function odpsFailure(message: string, statement: string, script: string, statementOffset: number): OdpsFailure {
  const error = parseDuckDbError(message, statement);
  const at = () => {
    const { line, column } = lineColumnAt(script, statementOffset + (error.position ?? statement.length));
    return `[${line},${column}]`;
  };
  switch (error.kind) {
    case 'Parser':
      return { text: `ODPS-0130161:${at()} Parse exception - ${error.detail}`, ranStages: false };
    case 'Catalog':
      if (/^Table with name .* does not exist/.test(error.detail)) {
        return { text: `ODPS-0130131:Table not found - ${error.detail}`, ranStages: false };
      }
      return { text: `ODPS-0130071:${at()} Semantic analysis exception - ${error.detail}`, ranStages: false };
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

export function hintFailure(text: string): OdpsFailure {
  return { text: text.startsWith('ODPS-') ? text : `ODPS-0130071:${text}`, ranStages: true };
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
