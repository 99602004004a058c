/**
 * Just enough of a CloudFormation template's shape to read what `serverless package` wrote, and to
 * print intrinsic references in one comparable form: 'GetAtt:InstanceTable.Arn', 'Ref:EventBus',
 * 'Sub:arn:${AWS::Partition}:…'.
 */
export interface Resource {
  readonly Type: string;
  readonly Properties: Record<string, unknown>;
  readonly DeletionPolicy?: string;
}

export interface Template {
  readonly Resources: Record<string, Resource>;
  readonly Outputs?: Record<string, unknown>;
}

export interface Statement {
  readonly Sid?: string;
  readonly Effect: string;
  readonly Principal?: unknown;
  readonly Action: string | readonly string[];
  readonly Resource: unknown;
  readonly Condition?: Record<string, Record<string, unknown>>;
}

export interface PolicyDocument {
  readonly Statement: readonly Statement[];
}

export function resourcesOfType(template: Template, type: string): [string, Resource][] {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}

export function resource(template: Template, logicalId: string): Resource {
  const found = template.Resources[logicalId];
  if (!found) throw new Error(`the template has no resource ${logicalId}`);
  return found;
}

/** A string, or an intrinsic function printed as 'Kind:argument'. */
export function show(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const getAtt = record['Fn::GetAtt'];
    if (Array.isArray(getAtt)) return `GetAtt:${getAtt.join('.')}`;
    if (typeof record.Ref === 'string') return `Ref:${record.Ref}`;
    if (typeof record['Fn::Sub'] === 'string') return `Sub:${record['Fn::Sub']}`;
  }
  return JSON.stringify(value);
}

export function list<T>(value: T | readonly T[] | undefined): readonly T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value as T];
}
