import type { InstanceRecord } from './instance.ts';

/** All instances, per project, plus the Guid index that makes a re-submitted job return the same instance. */
export class InstanceRegistry {
  private readonly byProject = new Map<string, Map<string, InstanceRecord>>();
  private readonly byGuid = new Map<string, string>();

  constructor(projects: readonly string[]) {
    for (const project of projects) this.byProject.set(project, new Map());
  }

  hasProject(project: string): boolean {
    return this.byProject.has(project);
  }

  has(project: string, id: string): boolean {
    return this.byProject.get(project)?.has(id) ?? false;
  }

  add(record: InstanceRecord): void {
    const instances = this.byProject.get(record.project);
    if (instances === undefined) throw new Error(`Unknown project ${record.project}`);
    if (instances.has(record.id)) throw new Error(`Duplicate instance id ${record.id}`);
    instances.set(record.id, record);
    if (record.job.guid !== undefined) this.byGuid.set(guidKey(record.project, record.job.guid), record.id);
  }

  get(project: string, id: string): InstanceRecord | undefined {
    return this.byProject.get(project)?.get(id);
  }

  findByGuid(project: string, guid: string): InstanceRecord | undefined {
    const id = this.byGuid.get(guidKey(project, guid));
    return id === undefined ? undefined : this.get(project, id);
  }

  /** A project's instances in ascending id order (ids start with their creation time). */
  list(project: string): InstanceRecord[] {
    return [...(this.byProject.get(project)?.values() ?? [])].sort((a, b) => compare(a.id, b.id));
  }

  /** Instances that have not terminated yet, in every project. */
  unfinished(): InstanceRecord[] {
    const out: InstanceRecord[] = [];
    for (const instances of this.byProject.values()) {
      for (const instance of instances.values()) if (instance.outcome === undefined) out.push(instance);
    }
    return out;
  }
}

function guidKey(project: string, guid: string): string {
  return `${project}\n${guid}`;
}

export function compare(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
