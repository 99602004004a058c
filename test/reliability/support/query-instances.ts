import type { MaxComputeClient } from '../../../src/maxcompute/client.ts';
import { createdAtOf } from './stack.ts';

/**
 * The query instances of a project since `from`, with their creation times, through the API's
 * listing: what the suite counts as runs. A run's cost estimate (an SQLCost task, on by default) is an
 * instance of its own that is never tracked, so it is left out; each instance's task names are read
 * once, and a failed read is asked again next time rather than cached.
 */
export function queryInstanceLister(client: MaxComputeClient, from: Date): () => Promise<Map<string, number>> {
  const queries = new Map<string, Promise<boolean>>();
  const isQuery = (id: string): Promise<boolean> => {
    let known = queries.get(id);
    if (known === undefined) {
      known = client
        .getInstance(id)
        .getTaskNames()
        .then((names) => !names.includes('AnonymousSQLCostTask'))
        .catch((error: unknown) => {
          queries.delete(id);
          throw error;
        });
      queries.set(id, known);
    }
    return known;
  };
  return async () => {
    const found = new Map<string, number>();
    for await (const summary of client.listInstances({ from, pageSize: 1000 })) {
      if (await isQuery(summary.id)) found.set(summary.id, createdAtOf(summary.id));
    }
    return found;
  };
}
