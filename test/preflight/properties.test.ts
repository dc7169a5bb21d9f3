import { EngineVersion } from '../../src/model/engine-version';
import { TargetSpec, targetFactsOf } from '../../src/preflight/properties';
import { evaluateRules } from '../../src/rules';
import { rdbFile } from '../rules/facts-builders';

/** A Valkey 9 cluster-mode target as a restore construct renders it for the preflight. */
const spec: TargetSpec = {
  engine: 'valkey',
  engineVersion: '9.0',
  maxRdbVersion: 80,
  nodeType: 'cache.r7g.large',
  clusterModeEnabled: true,
  numNodeGroups: 1,
  shards: [{ slots: '0-16383', replicaCount: 1 }],
  replicasPerShard: 1,
  reservedMemoryPercent: 25,
  seededFromArns: true,
};
const inDb3 = rdbFile({ magic: 'VALKEY', rdbVersion: 80, databases: [{ db: 0, keys: 1, expires: 0 }, { db: 3, keys: 1, expires: 0 }] });

describe('targetFactsOf', () => {
  test('reads the engine and the parameter group the construct names', () => {
    const target = targetFactsOf({ ...spec, parameterGroupName: 'default.valkey9.cluster.on' }, 'eu-west-1');
    expect(target.engineVersion).toEqual(EngineVersion.VALKEY_9_0);
    expect(target.parameterGroup).toEqual({ name: 'default.valkey9.cluster.on', family: 'valkey9', parameters: { 'cluster-enabled': 'yes' } });
  });

  test('a group it cannot see leaves cluster-databases unknown, so a database 3 is not refused at deploy time', () => {
    const rules = (target: TargetSpec) => evaluateRules({ subject: 'test', target: targetFactsOf(target, 'eu-west-1'), rdbFiles: [inDb3] })
      .filter((finding) => finding.rule === 'single-database').map((finding) => finding.severity);
    expect(rules({ ...spec, parameterGroupName: 'my-valkey9-group' })).toEqual([]);
    expect(rules(spec)).toEqual(['error']);
  });
});
