import { Stack, Token } from 'aws-cdk-lib';
import { CfnParameterGroup, CfnReplicationGroup } from 'aws-cdk-lib/aws-elasticache';
import { CARRIED_PROPERTIES } from './group-properties';
import { RenderedGroup } from './target-facts';
import { attachedRestoreFacts } from '../checks/attached-facts';

/** A group of this app as the template renders it, with its update policy. */
export interface SynthesizedGroup extends RenderedGroup {
  /** Whether the `UseOnlineResharding` update policy lets shard changes happen in place. */
  readonly onlineResharding: boolean;
}

/**
 * The group as the template renders it: property overrides applied, tokens resolved to the intrinsics
 * CloudFormation resolves at deploy time, and the parameter group of the stack it refers to.
 */
export function renderedGroupOf(resource: CfnReplicationGroup): SynthesizedGroup {
  const stack = Stack.of(resource);
  const rendered = renderedResource(resource);
  const properties = rendered.Properties ?? {};
  return {
    properties,
    parameterGroup: parameterGroupPropertiesOf(stack, properties.CacheParameterGroupName),
    region: Token.isUnresolved(stack.region) ? undefined : stack.region,
    declared: attachedRestoreFacts(resource)?.declared,
    onlineResharding: rendered.UpdatePolicy?.UseOnlineResharding === true,
  };
}

/** What the preflight carries to deploy time: the properties the facts read or a replacement depends on. */
export function carriedGroupOf(resource: CfnReplicationGroup): SynthesizedGroup {
  const group = renderedGroupOf(resource);
  const carried = CARRIED_PROPERTIES.filter((name) => group.properties[name] !== undefined);
  return { ...group, properties: Object.fromEntries(carried.map((name) => [name, group.properties[name]])) };
}

interface RenderedResource {
  readonly Properties?: Record<string, unknown>;
  readonly UpdatePolicy?: { readonly UseOnlineResharding?: unknown };
}

function renderedResource(resource: CfnReplicationGroup): RenderedResource {
  const template = Stack.of(resource).resolve(resource._toCloudFormation()) as { Resources?: Record<string, RenderedResource> };
  return Object.values(template.Resources ?? {})[0] ?? {};
}

/** The resolved `Properties` of the CfnParameterGroup a `{ Ref }` names, when it is one of the stack. */
function parameterGroupPropertiesOf(stack: Stack, name: unknown): Record<string, unknown> | undefined {
  const logicalId = (name as { Ref?: unknown } | undefined)?.Ref;
  if (typeof logicalId !== 'string') return undefined;
  const group = stack.node.findAll().find((construct): construct is CfnParameterGroup =>
    construct instanceof CfnParameterGroup && Stack.of(construct) === stack && stack.resolve(construct.logicalId) === logicalId);
  const properties: unknown = group && stack.resolve(group.properties);
  return typeof properties === 'object' && properties !== null ? properties as Record<string, unknown> : undefined;
}
