import { CfnResource, Stack, Token } from 'aws-cdk-lib';
import { CfnParameterGroup } from 'aws-cdk-lib/aws-elasticache';
import { IConstruct } from 'constructs';
import { attachedRestoreFacts } from './attached-facts';
import { AUTH_TOKEN_GIVEN, carriedProperties } from './group-properties';
import { RenderedGroup, RenderedParameterGroup } from './target-facts';

/** A group, cache cluster or serverless cache of this app as the template renders it, with its update policy. */
export interface SynthesizedGroup extends RenderedGroup {
  /** Whether the `UseOnlineResharding` update policy lets shard changes happen in place. */
  readonly onlineResharding: boolean;
}

/**
 * The group as the template renders it: property overrides applied, tokens resolved to the intrinsics
 * CloudFormation resolves at deploy time, and the parameter group of the stack it refers to.
 */
export function renderedGroupOf(resource: CfnResource): SynthesizedGroup {
  const stack = Stack.of(resource);
  const rendered = renderedResource(resource);
  const properties = rendered.Properties ?? {};
  return {
    properties,
    parameterGroup: parameterGroupPropertiesOf(stack, properties.CacheParameterGroupName),
    region: regionOf(stack),
    declared: attachedRestoreFacts(resource)?.declared,
    onlineResharding: rendered.UpdatePolicy?.UseOnlineResharding === true,
  };
}

/** The Region of a construct's stack; undefined for an environment-agnostic stack. */
export function regionOf(scope: IConstruct): string | undefined {
  const region = Stack.of(scope).region;
  return Token.isUnresolved(region) ? undefined : region;
}

/**
 * What the preflight carries to deploy time: the properties the facts read or a replacement depends on,
 * the AUTH token by its presence only (its value would land in the custom resource's properties).
 */
export function carriedGroupOf(resource: CfnResource): SynthesizedGroup {
  const group = renderedGroupOf(resource);
  const carried = carriedProperties(resource.cfnResourceType).filter((name) => group.properties[name] !== undefined);
  return {
    ...group,
    properties: Object.fromEntries(carried.map((name) => [name, name === 'AuthToken' ? AUTH_TOKEN_GIVEN : group.properties[name]])),
  };
}

export interface RenderedResource {
  readonly Properties?: Record<string, unknown>;
  readonly UpdatePolicy?: { readonly UseOnlineResharding?: unknown };
}

/** A resource as the template renders it: overrides applied, tokens resolved to intrinsics. */
export function renderedResource(resource: CfnResource): RenderedResource {
  const template = Stack.of(resource).resolve(resource._toCloudFormation()) as { Resources?: Record<string, RenderedResource> };
  return Object.values(template.Resources ?? {})[0] ?? {};
}

/** The CfnParameterGroup a `{ Ref }` names, resolved, when it is one of the stack. */
export function parameterGroupPropertiesOf(stack: Stack, name: unknown): RenderedParameterGroup | undefined {
  const logicalId = (name as { Ref?: unknown } | undefined)?.Ref;
  if (typeof logicalId !== 'string') return undefined;
  const group = stack.node.findAll().find((construct): construct is CfnParameterGroup =>
    construct instanceof CfnParameterGroup && Stack.of(construct) === stack && stack.resolve(construct.logicalId) === logicalId);
  if (!group) return undefined;
  const properties: unknown = stack.resolve(group.properties);
  return {
    name: group.node.path,
    family: stack.resolve(group.cacheParameterGroupFamily),
    parameters: typeof properties === 'object' && properties !== null ? properties as Record<string, unknown> : undefined,
  };
}
