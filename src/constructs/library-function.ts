import { ArnFormat, CfnResource, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { suppressNagRules } from './nag-suppressions';

/**
 * A role for one of the library's Lambda functions, without the AWSLambdaBasicExecutionRole
 * managed policy a function's own role gets (it may write every log group in the account):
 * `confine` adds what the function needs.
 */
export function functionRole(scope: Construct, id: string): iam.Role {
  return new iam.Role(scope, id, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
}

/**
 * Lets the function write its own log group (`/aws/lambda/NAME`) and nothing else, and runs it
 * on the newest Node.js runtime the app's aws-cdk-lib knows. Returns the logs policy, which a
 * resource that invokes the function should wait for.
 */
export function confine(fn: lambda.Function): iam.Policy {
  const logGroup = Stack.of(fn).formatArn({
    service: 'logs',
    resource: 'log-group',
    resourceName: `/aws/lambda/${fn.functionName}`,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
  const policy = new iam.Policy(fn, 'LogsPolicy', {
    roles: [fn.role!],
    statements: [
      new iam.PolicyStatement({ actions: ['logs:CreateLogGroup'], resources: [logGroup] }),
      new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [`${logGroup}:log-stream:*`] }),
    ],
  });
  suppressNagRules(policy.node.defaultChild as CfnResource, [{
    id: 'AwsSolutions-IAM5',
    reason: 'Lambda names the log streams of a function\'s log group itself; the statement covers the streams of this function\'s own log group only.',
    // Partition, Region and account may be tokens (`<AWS::Region>`), which hold colons.
    appliesTo: [{ regex: '/^Resource::arn:.+:logs:.+:log-group:\\/aws\\/lambda\\/<[A-Za-z0-9]+>:log-stream:\\*$/' }],
  }]);
  (fn.node.defaultChild as lambda.CfnFunction).runtime = newestNodeRuntime(fn.runtime).name;
  return policy;
}

/**
 * The newest Node.js runtime in `lambda.Runtime.ALL` (what cdk-nag's L1 compares with), and never
 * older than the one the function was built for: its code runs on any later Node.js.
 */
function newestNodeRuntime(built: lambda.Runtime): lambda.Runtime {
  const version = (runtime: lambda.Runtime) => Number(/^nodejs(\d+)/.exec(runtime.name)?.[1] ?? 0);
  return lambda.Runtime.ALL
    .filter((runtime) => runtime.family === lambda.RuntimeFamily.NODEJS && !runtime.isVariable)
    .reduce((newest, runtime) => (version(runtime) > version(newest) ? runtime : newest), built);
}
