import type { DuckDBConnection } from '@duckdb/node-api';
import type { SqlStep } from './dialect.ts';

const WRITE_TARGET = /^(?:create\s+table\s+(?:if\s+not\s+exists\s+)?|insert\s+into\s+|delete\s+from\s+)([\w.]+)/i;

/**
 * Best effort table lineage, as `project.table` names, for ?instancesummary and for the tables a
 * cost estimate measures: DuckDB names the tables a statement reads, a regex finds the one it
 * writes. DuckDB lists only what is read (an INSERT's or a CTAS's target is not among them), so a
 * table both read and written, `insert into t select … from t`, is an input as well.
 */
export function collectTables(
  connection: DuckDBConnection,
  step: SqlStep,
  project: string,
  inputs: Set<string>,
  outputs: Set<string>,
): void {
  if (step.kind !== 'sql') return;
  const target = WRITE_TARGET.exec(step.text)?.[1];
  if (target !== undefined) outputs.add(qualify(target.split('.'), project));
  try {
    for (const written of connection.getTableNames(step.text, true)) {
      const parts = nameParts(written);
      if (parts.length > 0 && parts.at(-1) !== 'dual') inputs.add(qualify(parts, project));
    }
  } catch {
    // Unparseable SQL: the run reports the error.
  }
}

/** `schema.table` from the last two parts; a bare table is the project's. */
function qualify(parts: readonly string[], project: string): string {
  const [schema, table] = parts.length >= 2 ? parts.slice(-2) : [project, parts[0]];
  return `${schema}.${table}`;
}

/**
 * The parts of a name as DuckDB prints it with its alias, `p."we ird" AS w` → `p`, `we ird`: quoted
 * parts lose their quotes (a doubled quote is one), and the alias after the first space is dropped.
 */
function nameParts(written: string): string[] {
  const parts: string[] = [];
  let part = '';
  let quoted = false;
  for (let i = 0; i < written.length; i++) {
    const ch = written[i];
    if (quoted && ch === '"' && written[i + 1] === '"') {
      part += '"';
      i += 1;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (!quoted && ch === '.') {
      parts.push(part);
      part = '';
    } else if (!quoted && ch === ' ') {
      break;
    } else {
      part += ch;
    }
  }
  parts.push(part);
  return parts;
}
