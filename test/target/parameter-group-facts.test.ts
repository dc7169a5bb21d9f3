import { EngineVersion } from '../../src/model/engine-version';
import { evaluateRules } from '../../src/rules';
import { RenderedGroup, targetFactsOf } from '../../src/target/target-facts';
import { rdbFile } from '../rules/facts-builders';

/** A Valkey 9 cluster-mode group as the preflight receives it: CloudFormation's strings. */
const group: RenderedGroup = {
  properties: {
    Engine: 'valkey',
    EngineVersion: '9.0',
    CacheNodeType: 'cache.r7g.large',
    NumNodeGroups: '1',
    NodeGroupConfiguration: [{ Slots: '0-16383', ReplicaCount: '1' }],
    ReplicasPerNodeGroup: '1',
    ClusterMode: 'enabled',
    SnapshotArns: ['arn:aws:s3:::dumps/a.rdb'],
  },
  region: 'eu-west-1',
};
const withGroupNamed = (name: string): RenderedGroup => ({ ...group, properties: { ...group.properties, CacheParameterGroupName: name } });
const inDb3 = rdbFile({ magic: 'VALKEY', rdbVersion: 80, databases: [{ db: 0, keys: 1, expires: 0 }, { db: 3, keys: 1, expires: 0 }] });

describe('the parameter group of a target', () => {
  test('a default group is known by its name: family and cluster-enabled', () => {
    const target = targetFactsOf(withGroupNamed('default.valkey9.cluster.on'), () => {});
    expect(target.engineVersion).toEqual(EngineVersion.VALKEY_9_0);
    expect(target.parameterGroup).toEqual({ name: 'default.valkey9.cluster.on', family: 'valkey9', parameters: { 'cluster-enabled': 'yes' } });
  });

  test('a group of the stack is known by its rendered family and parameters', () => {
    const target = targetFactsOf({
      ...withGroupNamed('ignored'),
      parameterGroup: { name: 'Stack/Params', family: 'valkey9', parameters: { 'cluster-enabled': 'yes', 'cluster-databases': '4' } },
    }, () => {});
    expect(target.parameterGroup).toEqual({ name: 'Stack/Params', family: 'valkey9', parameters: { 'cluster-enabled': 'yes', 'cluster-databases': '4' } });
    expect(target.clusterModeEnabled).toBe(true);
  });

  test('a group it cannot see leaves cluster-databases unknown, so database 3 is not refused at deploy time', () => {
    const unknowns: string[] = [];
    const severities = (rendered: RenderedGroup) => evaluateRules({ subject: 'test', target: targetFactsOf(rendered, (m) => unknowns.push(m)), rdbFiles: [inDb3] })
      .filter((finding) => finding.rule === 'single-database').map((finding) => finding.severity);
    expect(severities(withGroupNamed('my-valkey9-group'))).toEqual([]);
    expect(unknowns.join('\n')).toContain('parameter group my-valkey9-group is not defined in this stack');
    expect(severities(group)).toEqual(['error']);
  });
});
