/** The PyODPS captures (test/fixtures/maxcompute-vectors.json) and the protocol notes' example bodies. */
import { vectors } from '../../support/fixtures.ts';

export interface CapturedExchange {
  readonly step: string;
  readonly pyodpsResult: Readonly<Record<string, unknown>>;
  readonly method: string;
  readonly target: string;
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

export const exchanges: readonly CapturedExchange[] = vectors.captures.flatMap((capture) =>
  (capture.exchanges ?? []).map((exchange) => ({
    step: capture.step,
    pyodpsResult: capture.pyodps_result,
    method: exchange.request.method,
    target: exchange.request.target,
    status: exchange.response.status,
    // Lower-cased as undici hands them over.
    headers: Object.fromEntries(exchange.response.headers.map(([k, v]) => [k.toLowerCase(), v])),
    body: exchange.response.body,
  })),
);

/** 200 answers to GETs on one instance whose query has the given action (undefined: plain GET). */
export function instanceResponses(action: string | undefined): CapturedExchange[] {
  return exchanges.filter((e) => {
    if (e.status !== 200 || e.method !== 'GET' || !/\/instances\/[^/?]+\?/.test(e.target)) return false;
    const keys = new URLSearchParams(e.target.slice(e.target.indexOf('?') + 1));
    return action === undefined ? [...keys.keys()].every((k) => k === 'curr_project') : keys.has(action);
  });
}

export function stepResult(step: string): unknown {
  const found = exchanges.find((e) => e.step === step);
  if (!found) throw new Error(`no capture for step ${step}`);
  return found.pyodpsResult.value;
}

/**
 * Example bodies copied from the protocol notes the project began with (they live outside the
 * repository); docs/maxcompute-protocol.md describes each shape.
 */
export const spec = {
  instanceStatus: `<?xml version="1.0" encoding="UTF-8"?>
<Instance>
  <Status>Running</Status>
</Instance>`,
  taskStatus: `<?xml version="1.0" encoding="UTF-8"?>
<Instance>
  <Status>Terminated</Status>
  <Tasks>
    <Task Type="SQL">
      <Name>AnonymousSQLTask</Name>
      <StartTime>Fri, 15 Mar 2024 08:30:01 GMT</StartTime>
      <EndTime>Fri, 15 Mar 2024 08:30:09 GMT</EndTime>
      <Status>Success</Status>
      <Histories/>
    </Task>
  </Tasks>
</Instance>`,
  result: `<?xml version="1.0" encoding="UTF-8"?>
<Instance>
  <Tasks>
    <Task Type="SQL">
      <Name>AnonymousSQLTask</Name>
      <Result Format="csv"><![CDATA["id","name"
1,"alice"
2,"bob, jr."
3,\\N
]]></Result>
      <Status>Success</Status>
    </Task>
  </Tasks>
</Instance>`,
  progress: `<?xml version="1.0" encoding="UTF-8"?>
<Progress>
  <Stage ID="M1_Stg1_job0">
    <Status>Terminated</Status>
    <BackupWorkers>0</BackupWorkers>
    <TerminatedWorkers>1</TerminatedWorkers>
    <RunningWorkers>0</RunningWorkers>
    <TotalWorkers>1</TotalWorkers>
    <InputRecords>500</InputRecords>
    <OutputRecords>1000</OutputRecords>
    <FinishedPercentage>100</FinishedPercentage>
  </Stage>
  <Stage ID="R2_1_Stg1_job0">
    <Status>Running</Status>
    <BackupWorkers>1</BackupWorkers>
    <TerminatedWorkers>0</TerminatedWorkers>
    <RunningWorkers>2</RunningWorkers>
    <TotalWorkers>4</TotalWorkers>
    <InputRecords>0</InputRecords>
    <OutputRecords>0</OutputRecords>
    <FinishedPercentage>25</FinishedPercentage>
  </Stage>
</Progress>`,
  instanceList: `<?xml version="1.0" encoding="UTF-8"?>
<Instances>
  <Marker>MjAxNTExMTAwMzA3MjIzODRnaGlzdDczOCo=</Marker>
  <MaxItems>3</MaxItems>
  <Instance>
    <Name>20151110030720543ggist738</Name>
    <Owner>ALIYUN$someone@example.com</Owner>
    <StartTime>Tue, 10 Nov 2015 03:07:20 GMT</StartTime>
    <EndTime>Tue, 10 Nov 2015 03:07:21 GMT</EndTime>
    <Status>Terminated</Status>
  </Instance>
  <!-- more <Instance> -->
</Instances>`,
  xresult: `<?xml version="1.0" encoding="UTF-8"?>
<Xinstance>
  <Actions>
    <Action NodeType="Instance">
      <Name>lr_train</Name>
      <InstanceId>20240102030405006gsubinst1</InstanceId>
      <Result Format="text"><![CDATA[OK]]></Result>
    </Action>
    <Action NodeType="SubWorkflow">
      <Name>nested</Name>
      <InstanceId>20240102030406007gsubflow2</InstanceId>
      <Result/>
    </Action>
    <Action NodeType="Local">
      <Name>local_step</Name>
      <InstanceId></InstanceId>
      <Result/>
    </Action>
  </Actions>
</Xinstance>`,
  authorization: `<?xml version="1.0" encoding="UTF-8"?>
<Authorization>
  <Result>BASE64-LIKE-OPAQUE-TOKEN</Result>
</Authorization>`,
  error: `<?xml version="1.0" encoding="UTF-8"?>
<Error>
  <Code>NoSuchObject</Code>
  <Message><![CDATA[Instance not found: 20000101000000000gnotthere]]></Message>
  <RequestId>5F1A2B3C4D5E6F7A8B9C0D1E</RequestId>
  <HostId>service.cn-hangzhou.maxcompute.aliyun.com</HostId>
</Error>`,
  stopError: `<?xml version="1.0" encoding="UTF-8"?>
<Error>
  <Code>InvalidStateSetting</Code>
  <Message><![CDATA[The instance is not running, cannot be stopped]]></Message>
  <RequestId>5F1A2B3C4D5E6F7A8B9C0D1E</RequestId>
  <HostId>service.cn-hangzhou.maxcompute.aliyun.com</HostId>
</Error>`,
  summary: '{"Instance": {"JsonSummary": "{\\"Cost\\": {\\"CPU\\": 1}}", "Summary": "plain text"}}',
  csvIris: '"sepallength","sepalwidth","petallength","petalwidth","name"\n5.1,3.5,1.4,0.2,"Iris-setosa"\n',
} as const;

/** Runs per fast-check property; a later issue raises the floor, FC_NUM_RUNS overrides it locally. */
export const PROPERTY_RUNS = Math.max(1000, Number(process.env.FC_NUM_RUNS) || 0);
