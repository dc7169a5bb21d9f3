import { App, Aspects, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { CfnReplicationGroup } from 'aws-cdk-lib/aws-elasticache';
import * as cr from 'aws-cdk-lib/custom-resources';
import { AwsSolutionsChecks, NagSuppressions } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { RestoreExampleStack } from '../examples/restore-example-stack';
import { PreflightFunction } from '../src/preflight/preflight-function';

/** Every finding cdk-nag's AwsSolutions pack leaves unsuppressed, as `path id: message`. */
function findings(stack: Stack): string[] {
  const annotations = Annotations.fromStack(stack);
  return [...annotations.findError('*', Match.anyValue()), ...annotations.findWarning('*', Match.anyValue())]
    .map((message) => `${message.id} ${String(message.entry.data).split('\n')[0]}`);
}

function all<T>(stack: Stack, type: abstract new (...args: any[]) => T): T[] {
  return stack.node.findAll().filter((c: IConstruct) => c instanceof type) as T[];
}

const LOGS_ONLY_MANAGED_POLICY = {
  id: 'AwsSolutions-IAM4',
  reason: 'AWSLambdaBasicExecutionRole only lets the function write its own CloudWatch Logs; it is the CDK default for every Lambda role.',
  appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
};

/**
 * The suppressions a reviewer accepted, each on the narrowest scope: the library's own choices on
 * its constructs, the Provider framework's fixed resources, and the example's scaffolding.
 */
function suppress(stack: Stack): void {
  for (const group of all(stack, CfnReplicationGroup)) {
    NagSuppressions.addResourceSuppressions(group, [
      {
        id: 'AwsSolutions-AEC5',
        reason: 'The engine\'s port is the documented default (`port` changes it); the security group admits nobody until `connections` allows a peer, and traffic is TLS.',
      },
    ]);
    // The generated AUTH token (the default authentication).
    NagSuppressions.addResourceSuppressions(group.node.scope!.node.findChild('AuthToken'), [{
      id: 'AwsSolutions-SMG4',
      reason: 'ElastiCache changes an AUTH token only through ModifyReplicationGroup (AuthTokenUpdateStrategy ROTATE), which no hosted rotation function calls; users who need rotation add their own or use RBAC user groups.',
    }], true);
  }
  for (const handler of all(stack, PreflightFunction)) {
    NagSuppressions.addResourceSuppressions(handler.role!, [LOGS_ONLY_MANAGED_POLICY]);
  }
  // Provider's framework function: its role, its runtime and its invoke permission are fixed by aws-cdk-lib.
  for (const provider of all(stack, cr.Provider)) {
    const framework = provider.node.findChild('framework-onEvent');
    NagSuppressions.addResourceSuppressions(framework, [
      LOGS_ONLY_MANAGED_POLICY,
      {
        id: 'AwsSolutions-IAM5',
        reason: 'The framework invokes every version of the one preflight function it fronts (`<function ARN>:*`), nothing else.',
        appliesTo: [{ regex: '/^Resource::<[A-Za-z0-9]+\\.Arn>:\\*$/' }],
      },
      {
        id: 'AwsSolutions-L1',
        reason: 'aws-cdk-lib chooses the Provider framework\'s runtime and offers no option to change it.',
      },
    ], true);
  }
  // The example's VPC and bucket stand for the user's own; the library creates neither.
  NagSuppressions.addResourceSuppressionsByPath(stack, `/${stack.stackName}/Vpc/Resource`, [{
    id: 'AwsSolutions-VPC7', reason: 'Example scaffolding: the VPC stands for the user\'s own, whose flow logs are theirs to configure.',
  }]);
  NagSuppressions.addResourceSuppressionsByPath(stack, `/${stack.stackName}/Dumps/Resource`, [{
    id: 'AwsSolutions-S1', reason: 'Example scaffolding: the bucket stands for the user\'s dump bucket, whose access logging is theirs to configure.',
  }]);
}

describe('cdk-nag AwsSolutions over the example stack', () => {
  const app = new App();
  const stack = new RestoreExampleStack(app, 'RestoreExample', { env: { account: '123456789012', region: 'eu-west-1' } });
  suppress(stack);
  Aspects.of(app).add(new AwsSolutionsChecks());

  test('finds nothing unsuppressed', () => {
    expect(findings(stack)).toEqual([]);
  });
});
