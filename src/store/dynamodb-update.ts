/**
 * `SET` clauses with every attribute name behind a placeholder (`status` and other field names are
 * DynamoDB reserved words). Undefined values are left out, as the item layout leaves them out.
 */
export interface UpdateParts {
  readonly clauses: readonly string[];
  readonly names: Readonly<Record<string, string>>;
  readonly values: Readonly<Record<string, unknown>>;
}

export function assignments(fields: Readonly<Record<string, unknown>>): UpdateParts {
  const clauses: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    clauses.push(`#${name} = :${name}`);
    names[`#${name}`] = name;
    values[`:${name}`] = value;
  }
  return { clauses, names, values };
}
