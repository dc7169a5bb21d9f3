import { CfnResource } from 'aws-cdk-lib';

/** A cdk-nag rule that a resource of this library breaks on purpose, and why. */
export interface NagSuppression {
  /** The rule, e.g. `AwsSolutions-AEC5`. */
  readonly id: string;
  readonly reason: string;
  /** The findings it covers, for a granular rule (e.g. one wildcard resource of IAM5); all when absent. */
  readonly appliesTo?: Array<string | { readonly regex: string }>;
}

/**
 * Records suppressions where cdk-nag reads them, the resource's `cdk_nag` metadata
 * (`{ rules_to_suppress: [{ id, reason, applies_to? }] }`), so that users of the library need not
 * write them and the library needs no dependency on cdk-nag. Suppressions already there stay.
 */
export function suppressNagRules(resource: CfnResource, suppressions: NagSuppression[]): void {
  const existing = resource.getMetadata('cdk_nag')?.rules_to_suppress ?? [];
  resource.addMetadata('cdk_nag', {
    rules_to_suppress: [
      ...existing,
      ...suppressions.map(({ id, reason, appliesTo }) => (appliesTo ? { id, reason, applies_to: appliesTo } : { id, reason })),
    ],
  });
}

/** The replication group's deliberate defaults; each rule passes anyway once the user opts in. */
export const REPLICATION_GROUP_SUPPRESSIONS: NagSuppression[] = [
  {
    id: 'AwsSolutions-AEC5',
    reason: 'The engine\'s documented port is the default so that clients work unchanged; `port` changes it. '
      + 'The security group admits nobody until `connections` allows a peer, and traffic is TLS.',
  },
];

/** The generated AUTH token's secret: ElastiCache has no rotation a hosted function could call. */
export const AUTH_TOKEN_SECRET_SUPPRESSIONS: NagSuppression[] = [
  {
    id: 'AwsSolutions-SMG4',
    reason: 'ElastiCache changes an AUTH token only through ModifyReplicationGroup (AuthTokenUpdateStrategy ROTATE), '
      + 'which no hosted rotation function calls; rotate it yourself or use RBAC user groups (Authentication.userGroups).',
  },
];
