import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { CfnReplicationGroup } from 'aws-cdk-lib/aws-elasticache';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Preflight, RestorePreflight } from '../../src/constructs/preflight';

describe('the preflight\'s functions', () => {
  const stack = new Stack(new App(), 'Stack', { env: { region: 'eu-west-1', account: '111111111111' } });
  const group = new CfnReplicationGroup(stack, 'Group', {
    replicationGroupDescription: 'restored', engine: 'redis', engineVersion: '7.1', cacheNodeType: 'cache.r7g.large', snapshotName: 'nightly',
  });
  new RestorePreflight(stack, 'Preflight', { replicationGroup: group, preflight: Preflight.fullScan() });
  const template = Template.fromStack(stack);
  const functions = template.findResources('AWS::Lambda::Function');

  test('have roles without managed policies (AWSLambdaBasicExecutionRole writes every log group)', () => {
    expect(Object.keys(functions)).toHaveLength(2);
    for (const role of Object.values(template.findResources('AWS::IAM::Role'))) {
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    }
  });

  test('may write their own log group only', () => {
    for (const name of Object.keys(functions)) {
      const logGroup = ['arn:', { Ref: 'AWS::Partition' }, ':logs:eu-west-1:111111111111:log-group:/aws/lambda/', { Ref: name }];
      template.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: [
            { Action: 'logs:CreateLogGroup', Effect: 'Allow', Resource: { 'Fn::Join': ['', logGroup] } },
            { Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Effect: 'Allow', Resource: { 'Fn::Join': ['', [...logGroup, ':log-stream:*']] } },
          ],
        },
        Roles: [{ Ref: functions[name].Properties.Role['Fn::GetAtt'][0] }],
      });
    }
  });

  test('run on the newest Node.js runtime aws-cdk-lib knows', () => {
    const newest = lambda.Runtime.ALL.filter((runtime) => runtime.family === lambda.RuntimeFamily.NODEJS)
      .map((runtime) => Number(/^nodejs(\d+)/.exec(runtime.name)?.[1] ?? 0))
      .reduce((a, b) => Math.max(a, b));
    expect(Object.values(functions).map((fn) => fn.Properties.Runtime)).toEqual([`nodejs${newest}.x`, `nodejs${newest}.x`]);
  });

  test('carry the reasons of the cdk-nag rules they break on purpose, where cdk-nag reads them', () => {
    const suppressed = Object.values(template.findResources('AWS::IAM::Policy', { Metadata: { cdk_nag: Match.anyValue() } }))
      .flatMap((policy) => policy.Metadata.cdk_nag.rules_to_suppress.map((rule: { id: string }) => rule.id));
    // Each function's logs policy (log streams), and the framework's invoke grant (function versions).
    expect(suppressed).toEqual(['AwsSolutions-IAM5', 'AwsSolutions-IAM5', 'AwsSolutions-IAM5']);
  });
});
