import type { DuckDBConnection } from '@duckdb/node-api';
import { EXACT_AVG } from './exact-mean.ts';
import { isNode, type ParseNode, type ParseValue, parseSelect, printSelect } from './parse-tree.ts';

/**
 * A query's last SELECT as MaxCompute would answer it, rewritten on DuckDB's parse tree (not on the
 * SQL text, where an `avg(` or a comma inside a string would fool a pattern):
 *   - a select-list item without an alias that is not a column reference or `*` is named
 *     `_c<position>`, the position counted over the select list (`select 1, 'a' as x, 2+3` gives
 *     _c0, x, _c2), in every SELECT of the query, so an outer query can select a subquery's _c0;
 *   - avg(x), as an aggregate or over a window, becomes the exact mean (exact-mean.ts).
 * DuckDB prints the rewritten tree back as SQL. The rewrite is only used when DuckDB accepts it;
 * otherwise the query runs with names only, and failing that as written.
 */
export async function odpsSelect(connection: DuckDBConnection, sql: string): Promise<string> {
  try {
    const nodes = await parseSelect(connection, sql);
    if (nodes?.length !== 1 || nodes[0] === undefined) return sql;
    for (const exactAvg of [true, false]) {
      const rewritten = await printSelect(connection, rewrite(nodes[0], exactAvg) as ParseNode);
      if (await prepares(connection, rewritten)) return rewritten;
    }
  } catch {
    // A tree DuckDB cannot print back: the query runs as written.
  }
  return sql;
}

async function prepares(connection: DuckDBConnection, sql: string): Promise<boolean> {
  try {
    (await connection.prepare(sql)).destroySync();
    return true;
  } catch {
    return false;
  }
}

/** A copy of the tree, rewritten bottom-up so a select list sees its items' final form. */
function rewrite(value: ParseValue, exactAvg: boolean): ParseValue {
  if (Array.isArray(value)) return value.map((item) => rewrite(item, exactAvg));
  if (!isNode(value)) return value;
  const node: ParseNode = {};
  for (const [key, child] of Object.entries(value)) node[key] = rewrite(child, exactAvg);
  if (exactAvg && isAvg(node)) return exactAvgOf(node);
  if (node.type === 'SELECT_NODE' && Array.isArray(node.select_list)) {
    node.select_list = node.select_list.map((item, position) => named(item, position));
  }
  return node;
}

/** MaxCompute's name for an unnamed expression; column references and stars keep DuckDB's naming. */
function named(item: ParseValue, position: number): ParseValue {
  if (!isNode(item) || item.alias !== '' || item.class === 'COLUMN_REF' || item.class === 'STAR') return item;
  return { ...item, alias: `_c${position}` };
}

function isAvg(node: ParseNode): boolean {
  const builtIn = (node.schema ?? '') === '' && (node.catalog ?? '') === '';
  const children = node.children;
  return (
    (node.class === 'FUNCTION' || node.class === 'WINDOW') &&
    node.function_name === 'avg' &&
    builtIn &&
    Array.isArray(children) &&
    children.length === 1
  );
}

/** avg(x) -> EXACT_AVG(list(x)): list keeps avg's DISTINCT, FILTER and window; the alias moves out. */
function exactAvgOf(node: ParseNode): ParseNode {
  return {
    class: 'FUNCTION',
    type: 'FUNCTION',
    alias: node.alias ?? '',
    query_location: node.query_location ?? 0,
    function_name: EXACT_AVG,
    schema: '',
    catalog: '',
    children: [{ ...node, alias: '', function_name: 'list' }],
    filter: null,
    order_bys: { type: 'ORDER_MODIFIER', orders: [] },
    distinct: false,
    is_operator: false,
    export_state: false,
  };
}
