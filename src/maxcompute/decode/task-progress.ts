/** `?instanceprogress`: one entry per `<Stage>`, in document order. */
import type { StageProgress, TaskProgress } from '../types.ts';
import { parseIntegerText } from './integers.ts';
import { attribute, children, optionalText, parseXml, type XmlValue } from './xml.ts';

const WHAT = 'instanceprogress';

export function decodeTaskProgress(body: string): TaskProgress {
  const progress = parseXml(WHAT, body, 'Progress');
  return { stages: children(progress, 'Stage').map(decodeStage) };
}

function decodeStage(stage: XmlValue): StageProgress {
  const int = (name: string) => parseIntegerText(WHAT, name, optionalText(stage, name));
  return {
    id: attribute(stage, 'ID') ?? '',
    status: optionalText(stage, 'Status') ?? '',
    backupWorkers: int('BackupWorkers'),
    terminatedWorkers: int('TerminatedWorkers'),
    runningWorkers: int('RunningWorkers'),
    totalWorkers: int('TotalWorkers'),
    inputRecords: int('InputRecords'),
    outputRecords: int('OutputRecords'),
    finishedPercentage: int('FinishedPercentage'),
  };
}
