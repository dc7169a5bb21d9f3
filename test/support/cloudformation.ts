import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';

/**
 * The properties of the stack's one resource of `type` as CloudFormation hands them to a custom
 * resource's function: intrinsics resolved (a `Ref` to a resource is its physical id, here
 * `<logical id>-physical`; `Fn::GetAtt` is `<logical id>.<attribute>`), and every scalar a string.
 */
export function deployedProperties(stack: Stack, type: string): Record<string, unknown> {
  const resources = Object.values(Template.fromStack(stack).findResources(type));
  if (resources.length !== 1) throw new Error(`expected one ${type} in ${stack.node.path}, found ${resources.length}`);
  const pseudo: Record<string, string> = {
    'AWS::Partition': 'aws', 'AWS::Region': stack.region, 'AWS::AccountId': stack.account, 'AWS::URLSuffix': 'amazonaws.com',
  };
  const resolve = (value: any): any => {
    if (Array.isArray(value)) return value.map(resolve);
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    if (typeof value !== 'object' || value === null) return value;
    if (value.Ref !== undefined) return pseudo[value.Ref] ?? `${value.Ref}-physical`;
    if (value['Fn::GetAtt']) return value['Fn::GetAtt'].join('.');
    if (value['Fn::Join']) return value['Fn::Join'][1].map(resolve).join(value['Fn::Join'][0]);
    const unknown = Object.keys(value).find((key) => key.startsWith('Fn::'));
    if (unknown) throw new Error(`${unknown} is not resolved by this test helper`);
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, resolve(v)]));
  };
  return resolve(resources[0].Properties);
}
