import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { build } from 'esbuild';
import { lambdaBundleOptions, NEVER_RUN_ON_LAMBDA } from '../../infra/lambda-bundle.ts';
import { TERMINATED_DETAIL_TYPE } from '../../src/events/eventbridge-publisher.ts';
import { EXPORT_PREFIX } from '../../src/export/export-key.ts';
import { DEFAULT_EXPORT_TTL_DAYS } from '../../src/export/s3-export-store.ts';
import { SECRET_VARIABLES } from '../../src/runtime/secrets.ts';
import { EVENT_SOURCE, WORKER_DETAIL_TYPE } from '../../src/slack/handoff.ts';
import { identityTableDefinition } from '../../src/store/dynamodb-identity-table.ts';
import { INSTANCE_TABLE_TTL, instanceTableDefinition } from '../../src/store/dynamodb-table.ts';
import {
  list,
  type PolicyDocument,
  resource,
  resourcesOfType,
  type Statement,
  show,
  type Template,
} from '../support/cloudformation.ts';
import { EXPORT_OBJECTS, SLACK_EXPORT_GRANTS, WORKER_EXPORT_GRANTS } from '../support/export-grants.ts';
import { POLLER_IDENTITY_GRANTS, SLACK_IDENTITY_GRANTS, WORKER_IDENTITY_GRANTS } from '../support/identity-grants.ts';
import { POLLER_TABLE_GRANTS } from '../support/poller-grants.ts';
import { runServerless, SERVICE_DIR, serverlessEnv } from '../support/serverless-cli.ts';
import { zipEntries } from '../support/zip-entries.ts';

/**
 * `serverless package` of the repository's serverless.yml, run once, offline and without AWS
 * credentials, into a temporary directory: the CloudFormation template it writes says what would be
 * deployed, and the function zips are what Lambda would run.
 */
const FUNCTIONS = ['slack', 'worker', 'poller'] as const;
/** The poller's Lambda exec wrapper (infra/lambda-heap-flags.sh), as a path in the repository and the zip. */
const HEAP_WRAPPER = 'infra/lambda-heap-flags.sh';
type FunctionKey = (typeof FUNCTIONS)[number];
const logicalId = (key: FunctionKey) => `${key[0]?.toUpperCase()}${key.slice(1)}`;
const PREFIX = 'odps-chatops-dev';
const TABLE = `${PREFIX}-instances`;
const IDENTITY_TABLE = `${PREFIX}-identities`;
// CloudFormation's own placeholders (Fn::Sub fills them in at deploy time), hence the escaped \${.
const SSM_ARN = `arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter`;

const out = mkdtempSync(join(tmpdir(), 'odps-package-'));
let template: Template;

before(async () => {
  // A setting from the deploying shell, to see it arrive in the functions' environment.
  const { ms } = await runServerless(['package', '--package', out], serverlessEnv({ ODPS_PROJECT_NAME: 'analytics' }));
  console.log(`serverless package took ${ms} ms`);
  template = JSON.parse(readFileSync(join(out, 'cloudformation-template-update-stack.json'), 'utf8')) as Template;
});
after(() => rmSync(out, { recursive: true, force: true }));

interface FunctionProps {
  readonly FunctionName: string;
  readonly Handler: string;
  readonly Runtime: string;
  readonly Architectures: readonly string[];
  readonly Timeout: number;
  readonly Layers: readonly string[];
  readonly Role: unknown;
  readonly Environment: { readonly Variables: Record<string, string> };
}

function functionProps(key: FunctionKey): FunctionProps {
  return resource(template, `${logicalId(key)}LambdaFunction`).Properties as unknown as FunctionProps;
}

function statementsOf(key: FunctionKey): Statement[] {
  const role = show(functionProps(key).Role).replace(/^GetAtt:(.*)\.Arn$/, '$1');
  const policies = resource(template, role).Properties.Policies as { PolicyDocument: PolicyDocument }[];
  return policies.flatMap((policy) => [...policy.PolicyDocument.Statement]);
}

/** 'action on resource' for every grant, sorted: the whole of what a function may do. */
function grants(key: FunctionKey): string[] {
  return statementsOf(key)
    .flatMap((statement) =>
      list(statement.Action).flatMap((action) =>
        list(statement.Resource).map((target) => `${action} on ${show(target)}`),
      ),
    )
    .sort();
}

describe('serverless package: the functions', () => {
  it('are three, on nodejs22.x and arm64, each with its own handler, role and the secrets extension', () => {
    const names = resourcesOfType(template, 'AWS::Lambda::Function').map(([id]) => id);
    assert.deepEqual(names.sort(), ['PollerLambdaFunction', 'SlackLambdaFunction', 'WorkerLambdaFunction']);
    const roles = new Set<string>();
    for (const key of FUNCTIONS) {
      const props = functionProps(key);
      assert.equal(props.FunctionName, `${PREFIX}-${key}`);
      assert.equal(props.Handler, `functions/${key}.handler`);
      assert.equal(props.Runtime, 'nodejs22.x');
      assert.deepEqual(props.Architectures, ['arm64']);
      assert.equal(props.Layers.length, 1);
      assert.match(
        props.Layers[0] ?? '',
        /^arn:aws:lambda:us-east-1:\d{12}:layer:AWS-Parameters-and-Secrets-Lambda-Extension-Arm64:\d+$/,
      );
      roles.add(show(props.Role));
    }
    assert.equal(roles.size, 3, 'one role per function');
    assert.equal(template.Resources.IamRoleLambdaExecution, undefined, 'no shared framework role');
  });

  it('the slack function answers POST /slack/events and the export links, GET /exports/{token}, on the HTTP API', () => {
    const routes = resourcesOfType(template, 'AWS::ApiGatewayV2::Route').map(([, route]) => route.Properties.RouteKey);
    assert.deepEqual(routes.sort(), ['GET /exports/{token}', 'POST /slack/events']);
    const integrations = resourcesOfType(template, 'AWS::ApiGatewayV2::Integration');
    assert.equal(integrations.length, 1, 'both routes reach the one function');
    const [[, integration] = []] = integrations;
    assert.equal(show(integration?.Properties.IntegrationUri), 'GetAtt:SlackLambdaFunction.Arn');
    assert.equal(integration?.Properties.PayloadFormatVersion, '2.0');
  });

  it('the poller runs every minute for 70 s, and a failed run is not retried (the next one is)', () => {
    const schedules = resourcesOfType(template, 'AWS::Events::Rule').filter(
      ([, rule]) => rule.Properties.ScheduleExpression !== undefined,
    );
    assert.equal(schedules.length, 1);
    const rule = schedules[0]?.[1].Properties ?? {};
    assert.equal(rule.ScheduleExpression, 'rate(1 minute)');
    assert.equal(rule.State, 'ENABLED');
    assert.deepEqual(
      (rule.Targets as { Arn: unknown }[]).map((target) => show(target.Arn)),
      ['GetAtt:PollerLambdaFunction.Arn'],
    );
    assert.equal(functionProps('poller').Timeout, 70);
    assert.equal(resource(template, 'PollerLambdaEvConf').Properties.MaximumRetryAttempts, 0);
  });

  it('logs are kept 30 days, in one log group per function', () => {
    const groups = resourcesOfType(template, 'AWS::Logs::LogGroup').map(([, group]) => group.Properties);
    assert.deepEqual(
      groups.map((group) => group.LogGroupName).sort(),
      FUNCTIONS.map((key) => `/aws/lambda/${PREFIX}-${key}`).sort(),
    );
    for (const group of groups) assert.equal(group.RetentionInDays, 30);
  });

  it('no secret is a plain environment variable: each is named by its SSM parameter instead', () => {
    for (const key of FUNCTIONS) {
      const variables = functionProps(key).Environment.Variables;
      for (const secret of SECRET_VARIABLES) {
        assert.equal(variables[secret], undefined, `${key}: ${secret}`);
        assert.match(variables[`${secret}_SSM_PARAMETER`] ?? '', /^\/odps-chatops\/dev\/[a-z-]+$/, `${key}: ${secret}`);
      }
      const secretLooking = Object.keys(variables).filter(
        (name) => /SECRET|TOKEN|PASSWORD|KEY/.test(name) && !/_(SSM_PARAMETER|SECRET_ARN)$/.test(name),
      );
      assert.deepEqual(secretLooking, [], key);
      assert.equal(variables.ODPS_TABLE_NAME, TABLE);
      assert.equal(variables.ODPS_IDENTITY_TABLE_NAME, IDENTITY_TABLE);
      assert.equal(variables.ODPS_EVENT_BUS_NAME, PREFIX);
      assert.equal(variables.ODPS_PROJECT_NAME, 'analytics', 'settings come from the deploying shell');
    }
  });
});

describe('serverless package: resources', () => {
  it('the table has the keys, the active index and the TTL attribute src/store/dynamodb-table.ts states', () => {
    const table = resource(template, 'InstanceTable').Properties;
    const expected = instanceTableDefinition(TABLE);
    assert.equal(table.TableName, TABLE);
    assert.equal(table.BillingMode, expected.BillingMode);
    assert.deepEqual(table.KeySchema, expected.KeySchema);
    assert.deepEqual(table.AttributeDefinitions, expected.AttributeDefinitions);
    assert.deepEqual(table.GlobalSecondaryIndexes, expected.GlobalSecondaryIndexes);
    assert.deepEqual(table.TimeToLiveSpecification, INSTANCE_TABLE_TTL);
    assert.deepEqual(table.PointInTimeRecoverySpecification, { PointInTimeRecoveryEnabled: true });
  });

  it('the identity table has the keys src/store/dynamodb-identity-table.ts states, and outlives the stack', () => {
    const table = resource(template, 'IdentityTable');
    const props = table.Properties;
    const expected = identityTableDefinition(IDENTITY_TABLE);
    assert.equal(props.TableName, IDENTITY_TABLE);
    assert.equal(props.BillingMode, expected.BillingMode);
    assert.deepEqual(props.KeySchema, expected.KeySchema);
    assert.deepEqual(props.AttributeDefinitions, expected.AttributeDefinitions);
    assert.equal(props.GlobalSecondaryIndexes, undefined);
    assert.equal(props.TimeToLiveSpecification, undefined, 'mappings are kept until removed');
    assert.deepEqual(props.PointInTimeRecoverySpecification, { PointInTimeRecoveryEnabled: true });
    assert.equal(props.DeletionProtectionEnabled, true);
    assert.equal(table.DeletionPolicy, 'Retain');
    assert.equal((table as { UpdateReplacePolicy?: string }).UpdateReplacePolicy, 'Retain');
  });

  it('the bus, and the rule that hands "Slack Work Requested" from it to the worker', () => {
    assert.equal(resource(template, 'EventBus').Properties.Name, PREFIX);
    const rule = resource(template, 'WorkerRule').Properties;
    assert.equal(show(rule.EventBusName), 'Ref:EventBus');
    assert.deepEqual(rule.EventPattern, { source: [EVENT_SOURCE], 'detail-type': [WORKER_DETAIL_TYPE] });
    const [target, ...others] = rule.Targets as { Arn: unknown; DeadLetterConfig: { Arn: unknown } }[];
    assert.equal(others.length, 0);
    assert.equal(show(target?.Arn), 'GetAtt:WorkerLambdaFunction.Arn');
    assert.equal(show(target?.DeadLetterConfig.Arn), 'GetAtt:WorkerDeadLetterQueue.Arn');
    const permission = resource(template, 'WorkerRuleInvokePermission').Properties;
    assert.equal(permission.Principal, 'events.amazonaws.com');
    assert.equal(show(permission.SourceArn), 'GetAtt:WorkerRule.Arn');
  });

  it('only the worker rule may write to the dead-letter queue; failed worker invocations go there too', () => {
    const policy = resource(template, 'WorkerDeadLetterQueuePolicy').Properties;
    assert.deepEqual((policy.Queues as unknown[]).map(show), ['Ref:WorkerDeadLetterQueue']);
    const { Statement: statements } = policy.PolicyDocument as PolicyDocument;
    assert.deepEqual(statements, [
      {
        Sid: 'WorkerRuleDeadLetters',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: { 'Fn::GetAtt': ['WorkerDeadLetterQueue', 'Arn'] },
        Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': ['WorkerRule', 'Arn'] } } },
      },
    ]);
    const invokeConfig = resource(template, 'WorkerLambdaEvConf').Properties as {
      DestinationConfig: { OnFailure: { Destination: unknown } };
    };
    assert.equal(show(invokeConfig.DestinationConfig.OnFailure.Destination), 'GetAtt:WorkerDeadLetterQueue.Arn');
  });
});

describe('serverless package: the export bucket', () => {
  it('is private, encrypted, owner-enforced, and expires exports after the days their links work', () => {
    const bucket = resource(template, 'ExportBucket');
    assert.equal(bucket.DeletionPolicy, 'Retain');
    const props = bucket.Properties;
    assert.deepEqual(props.BucketEncryption, {
      ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
    });
    assert.deepEqual(props.PublicAccessBlockConfiguration, {
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    assert.deepEqual(props.OwnershipControls, { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
    assert.equal(props.BucketName, undefined, 'CloudFormation names it: bucket names are global');
    assert.deepEqual(props.LifecycleConfiguration, {
      Rules: [
        { Id: 'ExpireExports', Status: 'Enabled', Prefix: EXPORT_PREFIX, ExpirationInDays: DEFAULT_EXPORT_TTL_DAYS },
        { Id: 'AbortIncompleteUploads', Status: 'Enabled', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } },
      ],
    });
  });

  it('refuses every request without TLS', () => {
    const policy = resource(template, 'ExportBucketPolicy').Properties;
    assert.equal(show(policy.Bucket), 'Ref:ExportBucket');
    assert.deepEqual((policy.PolicyDocument as PolicyDocument).Statement, [
      {
        Sid: 'DenyWithoutTls',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [{ 'Fn::GetAtt': ['ExportBucket', 'Arn'] }, { 'Fn::Sub': `\${ExportBucket.Arn}/*` }],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ]);
  });

  it('the worker and the Slack function are told the bucket, the days of the lifecycle rule and the API’s URL', () => {
    for (const key of ['worker', 'slack'] as const) {
      const variables = functionProps(key).Environment.Variables;
      assert.equal(show(variables.ODPS_EXPORT_BUCKET), 'Ref:ExportBucket', key);
      assert.equal(variables.ODPS_EXPORT_TTL_DAYS, String(DEFAULT_EXPORT_TTL_DAYS), key);
      // Export links point to the HTTP API that runs the Slack function's GET /exports/{token}.
      assert.equal(
        show(variables.ODPS_PUBLIC_URL),
        `Sub:https://\${HttpApi}.execute-api.\${AWS::Region}.\${AWS::URLSuffix}`,
        key,
      );
    }
    assert.equal(functionProps('poller').Environment.Variables.ODPS_EXPORT_BUCKET, undefined, 'poller');
  });
});

describe('serverless package: what each function may do', () => {
  const logs = (key: FunctionKey) =>
    ['logs:CreateLogStream', 'logs:PutLogEvents'].map(
      (action) =>
        `${action} on Sub:arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/${PREFIX}-${key}:*`,
    );
  const secrets = () => [
    `kms:Decrypt on Sub:arn:\${AWS::Partition}:kms:\${AWS::Region}:\${AWS::AccountId}:key/*`,
    ...[
      'alibaba-cloud-access-key-id',
      'alibaba-cloud-access-key-secret',
      'slack-bot-token',
      'slack-signing-secret',
    ].map((name) => `ssm:GetParameter on Sub:${SSM_ARN}/odps-chatops/dev/${name}`),
  ];
  const items = ['GetItem', 'PutItem', 'UpdateItem'].map((action) => `dynamodb:${action} on GetAtt:InstanceTable.Arn`);

  it('the slack function and the worker: single items, the identity mappings, "Slack Work Requested", their logs and secrets', () => {
    const common = [...secrets(), ...items, 'events:PutEvents on GetAtt:EventBus.Arn'];
    assert.deepEqual(
      grants('slack'),
      [
        ...logs('slack'),
        ...common,
        // What test/infra/identity-dynamodb-actions.test.ts records the Slack function asking of the mappings.
        ...SLACK_IDENTITY_GRANTS,
        // What test/infra/export-s3-actions.test.ts records a download link's presigned URL asking.
        ...SLACK_EXPORT_GRANTS,
      ].sort(),
    );
    assert.deepEqual(
      grants('worker'),
      [
        ...logs('worker'),
        ...common,
        // What test/infra/identity-dynamodb-actions.test.ts records the worker asking of the mappings.
        ...WORKER_IDENTITY_GRANTS,
        'sqs:SendMessage on GetAtt:WorkerDeadLetterQueue.Arn',
        // What test/infra/export-s3-actions.test.ts records the export store calling.
        ...WORKER_EXPORT_GRANTS,
      ].sort(),
    );
  });

  it('the poller: the active index, item reads and updates, identity reads, "Instance Terminated", its logs and secrets', () => {
    assert.deepEqual(
      grants('poller'),
      [
        ...logs('poller'),
        ...secrets(),
        // What test/infra/poller-dynamodb-actions.test.ts records the poller calling.
        ...POLLER_TABLE_GRANTS,
        // What test/infra/identity-dynamodb-actions.test.ts records the poller asking of the mappings.
        ...POLLER_IDENTITY_GRANTS,
        'events:PutEvents on GetAtt:EventBus.Arn',
      ].sort(),
    );
  });

  it('events are published only under our source and the detail types each function sends', () => {
    const expected: Record<FunctionKey, string | string[]> = {
      slack: WORKER_DETAIL_TYPE,
      worker: WORKER_DETAIL_TYPE,
      // Instance Terminated, and a cut result's export handed to the worker (src/slack/tracker-notifier.ts).
      poller: [TERMINATED_DETAIL_TYPE, WORKER_DETAIL_TYPE],
    };
    for (const key of FUNCTIONS) {
      const publish = statementsOf(key).filter((statement) => list(statement.Action).includes('events:PutEvents'));
      assert.deepEqual(
        publish.map((statement) => statement.Condition),
        [{ StringEquals: { 'events:source': EVENT_SOURCE, 'events:detail-type': expected[key] } }],
        key,
      );
    }
  });

  it('no wildcard action; wildcard resources only where the name cannot be known (the exceptions are conditioned)', () => {
    for (const key of FUNCTIONS) {
      for (const statement of statementsOf(key)) {
        assert.equal(statement.Effect, 'Allow');
        for (const action of list(statement.Action)) assert.ok(!action.includes('*'), `${key}: ${action}`);
        for (const target of list(statement.Resource).map(show)) {
          if (!target.includes('*')) continue;
          if (target.endsWith(`:log-group:/aws/lambda/${PREFIX}-${key}:*`)) continue; // its own log streams
          // Exports, whose keys are made as results end: the worker writes them, the Slack function's links read them.
          if (key !== 'poller' && target === EXPORT_OBJECTS) continue;
          // The key behind a SecureString is the deployer's choice: any key, but only as SSM's call for our parameters.
          assert.ok(target.endsWith(':key/*'), `${key}: ${target}`);
          const condition = statement.Condition?.StringEquals ?? {};
          assert.equal(show(condition['kms:ViaService']), `Sub:ssm.\${AWS::Region}.amazonaws.com`);
          assert.deepEqual(
            list(condition['kms:EncryptionContext:PARAMETER_ARN']).map(show).sort(),
            list(statementsOf(key).find((each) => each.Sid === 'ReadSecrets')?.Resource)
              .map(show)
              .sort(),
          );
        }
      }
    }
  });
});

describe('serverless package: the function zips', () => {
  for (const key of FUNCTIONS) {
    it(`${key}.zip holds its bundle, built with infra/lambda-bundle.ts's options from nothing local-only`, async () => {
      const entries = zipEntries(readFileSync(join(out, `${key}.zip`)));
      assert.deepEqual(
        entries.map((entry) => entry.name),
        [`functions/${key}.cjs`, ...(key === 'slack' ? [] : [HEAP_WRAPPER])],
      );
      // The same build the bundle test and the benchmark make: if the plugin's options drifted from
      // infra/lambda-bundle.ts, the bytes would differ.
      const result = await build({
        ...lambdaBundleOptions(join(SERVICE_DIR, 'functions', `${key}.ts`), join(out, 'rebuilt', `${key}.cjs`)),
        absWorkingDir: SERVICE_DIR,
        metafile: true,
        write: false,
      });
      const rebuilt = result.outputFiles[0]?.contents ?? new Uint8Array();
      assert.ok(Buffer.from(rebuilt).equals(entries[0]?.data ?? Buffer.alloc(0)), 'the zip holds exactly that build');
      const inputs = Object.keys(result.metafile.inputs);
      assert.deepEqual(
        inputs.filter((input) => /(^|\/)src\/(emulator|local|slack-standin)\//.test(input)),
        [],
      );
      for (const name of NEVER_RUN_ON_LAMBDA) {
        assert.deepEqual(
          inputs.filter((input) => input.includes(`node_modules/${name}/`)),
          [],
          name,
        );
      }
      assert.deepEqual(
        inputs.filter((input) => /node_modules\/(dynalite|@duckdb|@20minutes\/s3rver)\//.test(input)),
        [],
      );
      console.log(`${key}.zip: ${readFileSync(join(out, `${key}.zip`)).length} bytes (${rebuilt.length} unzipped)`);
    });
  }
});

describe('serverless package: the poller and the worker start through the heap wrapper', () => {
  it('the poller and the worker name the wrapper, at the path Lambda unpacks it to; the Slack function does not', () => {
    for (const key of ['poller', 'worker'] as const) {
      assert.equal(functionProps(key).Environment.Variables.AWS_LAMBDA_EXEC_WRAPPER, `/var/task/${HEAP_WRAPPER}`, key);
    }
    assert.equal(functionProps('slack').Environment.Variables.AWS_LAMBDA_EXEC_WRAPPER, undefined);
  });

  it('poller.zip and worker.zip carry the wrapper unchanged and executable (Lambda runs it directly)', () => {
    for (const key of ['poller', 'worker'] as const) {
      const entry = zipEntries(readFileSync(join(out, `${key}.zip`))).find((each) => each.name === HEAP_WRAPPER);
      assert.ok(entry, `the wrapper is in ${key}.zip`);
      assert.ok(entry.data.equals(readFileSync(join(SERVICE_DIR, HEAP_WRAPPER))));
      assert.equal(entry.mode & 0o111, 0o111, `mode ${entry.mode.toString(8)}`);
    }
  });
});

describe('serverless package: cfn-lint', () => {
  const probe = spawnSync('cfn-lint', ['--version'], { stdio: 'ignore', timeout: 60_000 });
  const missing = probe.error !== undefined || probe.status !== 0;
  it('finds nothing in the template (W3005, redundant DependsOn in framework-generated resources, is ignored)', {
    skip: missing ? 'cfn-lint is not on PATH (pip install cfn-lint to lint the template)' : false,
  }, () => {
    const lint = spawnSync('cfn-lint', ['-i', 'W3005', '--', join(out, 'cloudformation-template-update-stack.json')], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    assert.equal(lint.status, 0, `${lint.stdout}${lint.stderr}`);
  });
});
