import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { Context } from 'aws-lambda';
import { ClusterMode, EngineVersion, NodeType, RestoredClusterBaseProps } from '../../../src';
import { deployedProperties } from '../../support/cloudformation';
import { ElastiCacheServer } from '../../support/elasticache-server';
import { PREFLIGHT_BUNDLE, requireFreshPreflightBundle } from '../../support/preflight-bundle';
import { S3RVER_CREDENTIALS, S3Server } from '../../support/s3-server';

// The thing under test is the bundled handler, as Lambda runs it, against loopback S3 and
// ElastiCache servers reached through the SDK's standard endpoint variables.
/** The group most cases restore into. */
export const TARGET = { engineVersion: EngineVersion.REDIS_7_0, nodeType: NodeType.R6G_LARGE, clusterMode: ClusterMode.disabled() };

/** What a case changes of a restored group. */
export type GroupProps = Partial<Omit<RestoredClusterBaseProps, 'vpc'>>;

/** The handler's answer: what the provider framework passes on to CloudFormation. */
export type Handler = (event: unknown, context: Context) => Promise<{ PhysicalResourceId: string; Data?: { Warnings: string } }>;

/** The handler as `npx projen bundle` built it, loaded as Lambda would; the tests never bundle. */
export function bundledHandler(): Handler {
  requireFreshPreflightBundle();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(PREFLIGHT_BUNDLE).handler;
}

/** Points the SDK's standard endpoint variables at the loopback servers; returns what undoes it. */
export function pointSdkAt(s3: S3Server, elastiCache: ElastiCacheServer): () => void {
  const saved = { ...process.env };
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_S3: s3.endpoint,
    AWS_ENDPOINT_URL_ELASTICACHE: elastiCache.endpoint,
    AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
    AWS_REGION: 'us-east-1',
  });
  return () => {
    process.env = saved;
  };
}

/** The preflight's properties as CloudFormation hands them to the function, from a synthesized group. */
export function propertiesOf(make: (stack: Stack, vpc: ec2.IVpc) => unknown): Record<string, unknown> {
  const stack = new Stack(new App(), 'Stack', { env: { region: 'us-east-1', account: '111111111111' } });
  make(stack, new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 }));
  return { ...deployedProperties(stack, 'Custom::ElastiCacheRestorePreflight'), ServiceToken: 'arn:aws:lambda:us-east-1:111111111111:function:provider' };
}

let requests = 0;
/** A CloudFormation request for the preflight resource. */
export function event(requestType: 'Create' | 'Update' | 'Delete', properties: Record<string, unknown>, old?: Record<string, unknown>) {
  return {
    RequestType: requestType,
    ServiceToken: properties.ServiceToken,
    ResponseURL: 'http://127.0.0.1/unused',
    StackId: 'arn:aws:cloudformation:us-east-1:111111111111:stack/Stack/1',
    RequestId: `request-${++requests}`,
    LogicalResourceId: 'Preflight',
    ResourceType: 'Custom::ElastiCacheRestorePreflight',
    ResourceProperties: properties,
    ...(old ? { OldResourceProperties: old } : {}),
    ...(requestType === 'Create' ? {} : { PhysicalResourceId: 'Preflight-preflight' }),
  };
}

/** A Lambda context whose function has `remainingMs` left. */
export function context(remainingMs = 900_000): Context {
  const deadline = Date.now() + remainingMs;
  return { getRemainingTimeInMillis: () => deadline - Date.now() } as Context;
}

/** The error a refused restore throws (fails when the handler passes). */
export async function refusedWith(result: Promise<unknown>): Promise<Error> {
  try {
    await result;
  } catch (error) {
    return error as Error;
  }
  throw new Error('the preflight passed a restore it should refuse');
}

/** The reason CloudFormation shows for a refused restore. */
export async function refusal(result: Promise<unknown>): Promise<string> {
  return (await refusedWith(result)).message;
}

/**
 * The response the custom-resources Provider framework sends CloudFormation for a function that
 * threw: the message, its `Logs:` line and the stack's lines after the first (as Lambda's Node.js
 * runtime reports them), in the response object with ids of their longest realistic size.
 */
export function frameworkFailure(error: Error): string {
  const functionName = 'x'.repeat(64);
  const trace = (error.stack ?? '').split('\n');
  const message = [error.message, '', `Logs: /aws/lambda/${functionName}`, ''].join('\n');
  return responseObject('FAILED', [message, ...trace.slice(1)].join('\n'));
}

/** The response the Provider framework sends for a check that passed with these `Warnings`. */
export function frameworkSuccess(warnings: string): string {
  return responseObject('SUCCESS', 'SUCCESS', { Warnings: warnings });
}

function responseObject(status: string, reason: string, data?: object): string {
  return JSON.stringify({
    Status: status,
    Reason: reason,
    StackId: `arn:aws:cloudformation:ap-southeast-2:111111111111:stack/${'s'.repeat(128)}/11111111-2222-3333-4444-555555555555`,
    RequestId: '11111111-2222-3333-4444-555555555555',
    PhysicalResourceId: `${'L'.repeat(255)}-preflight`,
    LogicalResourceId: 'L'.repeat(255),
    Data: data,
  });
}
