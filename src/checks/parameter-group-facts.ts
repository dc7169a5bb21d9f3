import { Stack } from 'aws-cdk-lib';
import { CfnParameterGroup } from 'aws-cdk-lib/aws-elasticache';
import { IConstruct } from 'constructs';
import { ParameterGroupFacts } from '../rules/facts';
import { parameterGroupNamed } from '../rules/parameter-group';

/**
 * The parameter group a restore names (CacheParameterGroupName, ParameterGroupName): a default group
 * by its name, a CfnParameterGroup of the same stack by its properties, any other by its name only
 * (family and parameters unknown, and `unknown` says why). Undefined when it names none.
 */
export function parameterGroupFactsOf(
  resource: IConstruct, value: string | undefined, unknown: (message: string) => void,
): ParameterGroupFacts | undefined {
  if (value === undefined) return undefined;
  const stack = Stack.of(resource);
  const resolved: unknown = stack.resolve(value);
  if (typeof resolved === 'string') {
    const named = parameterGroupNamed(resolved);
    if (!named.parameters) unknown(`parameter group ${resolved} is not defined in this stack, so its family and parameters are unknown`);
    return named;
  }
  const logicalId = (resolved as { Ref?: unknown } | undefined)?.Ref;
  const group = stack.node.findAll().find((construct): construct is CfnParameterGroup =>
    construct instanceof CfnParameterGroup && Stack.of(construct) === stack && stack.getLogicalId(construct) === logicalId);
  if (!group) {
    unknown(`the parameter group name is not a Ref to a CfnParameterGroup of this stack (${JSON.stringify(resolved)}), so its family and parameters are unknown`);
    return { name: JSON.stringify(resolved) };
  }
  const family: unknown = stack.resolve(group.cacheParameterGroupFamily);
  if (typeof family !== 'string') unknown(`the family of ${group.node.path} is not known until deploy time`);
  return { name: group.node.path, family: typeof family === 'string' ? family : undefined, parameters: parametersOf(group, unknown) };
}

/** The group's parameters; unknown as a whole when any of them is a token, since any may decide a rule. */
function parametersOf(group: CfnParameterGroup, unknown: (message: string) => void): Record<string, string> | undefined {
  const resolved: unknown = Stack.of(group).resolve(group.properties ?? {});
  if (typeof resolved !== 'object' || resolved === null || Array.isArray(resolved)) {
    unknown(`the parameters of ${group.node.path} are not known until deploy time`);
    return undefined;
  }
  const tokens = Object.entries(resolved).filter(([, value]) => typeof value !== 'string').map(([name]) => name);
  if (tokens.length > 0) {
    unknown(`${tokens.join(', ')} ${tokens.length === 1 ? 'is' : 'are'} not known until deploy time (in ${group.node.path}), so the checks that need its parameters skip`);
    return undefined;
  }
  return resolved as Record<string, string>;
}

/** Whether the group turns cluster mode on: a parameter it does not set keeps the family default, `no`. */
export function clusterEnabledOf(group: ParameterGroupFacts): boolean | undefined {
  return group.parameters === undefined ? undefined : group.parameters['cluster-enabled'] === 'yes';
}
