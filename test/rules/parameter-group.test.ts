import { rdbFile, restore, run } from './facts-builders';
import { EngineVersion } from '../../src/model/engine-version';
import { ParameterGroupFacts, RestoreFacts } from '../../src/rules';
import { parameterGroup, parameterGroupNamed } from '../../src/rules/parameter-group';

const group = (family: string, parameters: Record<string, string> | undefined = {}): ParameterGroupFacts => ({ name: 'Stack/Params', family, parameters });
const inDb5 = rdbFile({ databases: [{ db: 0, keys: 1, expires: 0 }, { db: 5, keys: 1, expires: 0 }] });

describe('parameter-group', () => {
  test.each<[string, RestoreFacts, string[]]>([
    ['no group: the default group matches', restore({ engineVersion: EngineVersion.VALKEY_9_0, clusterModeEnabled: true }), []],
    ['valkey9 group on Valkey 9.1', restore({ engineVersion: EngineVersion.VALKEY_9_1, clusterModeEnabled: false, parameterGroup: group('valkey9') }), []],
    ['valkey9 group on Valkey 8.2', restore({ engineVersion: EngineVersion.VALKEY_8_2, clusterModeEnabled: false, parameterGroup: group('valkey9') }), ['error']],
    ['valkey8 group on Valkey 7.2', restore({ engineVersion: EngineVersion.VALKEY_7_2, clusterModeEnabled: false, parameterGroup: group('valkey8') }), ['error']],
    ['redis7 group on Redis OSS 7.1', restore({ engineVersion: EngineVersion.REDIS_7_1, clusterModeEnabled: false, parameterGroup: group('redis7') }), []],
    ['redis6.x group on Redis OSS 7.0', restore({ engineVersion: EngineVersion.REDIS_7_0, clusterModeEnabled: false, parameterGroup: group('redis6.x') }), ['error']],
    ['cluster-enabled yes with cluster mode', restore({ engineVersion: EngineVersion.VALKEY_8_0, clusterModeEnabled: true, parameterGroup: group('valkey8', { 'cluster-enabled': 'yes' }) }), []],
    ['no cluster-enabled with cluster mode', restore({ engineVersion: EngineVersion.VALKEY_8_0, clusterModeEnabled: true, parameterGroup: group('valkey8') }), ['error']],
    ['cluster-enabled yes without cluster mode', restore({ engineVersion: EngineVersion.VALKEY_8_0, clusterModeEnabled: false, parameterGroup: group('valkey8', { 'cluster-enabled': 'yes' }) }), ['error']],
    ['cluster-databases 4 below database 5', restore({ engineVersion: EngineVersion.VALKEY_9_0, clusterModeEnabled: true, parameterGroup: group('valkey9', { 'cluster-enabled': 'yes', 'cluster-databases': '4' }) }, { rdbFiles: [inDb5] }), ['error']],
    ['cluster-databases 6 above database 5', restore({ engineVersion: EngineVersion.VALKEY_9_0, clusterModeEnabled: true, parameterGroup: group('valkey9', { 'cluster-enabled': 'yes', 'cluster-databases': '6' }) }, { rdbFiles: [inDb5] }), []],
  ])('%s', (_, facts, expected) => {
    expect(run(parameterGroup, facts).findings.map((finding) => finding.severity)).toEqual(expected);
  });

  test('the family message names the group, both families and a default group to use', () => {
    const [finding] = run(parameterGroup, restore({ engineVersion: EngineVersion.VALKEY_8_2, clusterModeEnabled: true, parameterGroup: group('valkey9', { 'cluster-enabled': 'yes' }) })).findings;
    expect(finding.message).toBe('Parameter group Stack/Params is of family valkey9, but Valkey 8.2 needs family valkey8, so the create fails: use a valkey8 group (e.g. default.valkey8.cluster.on).');
  });

  test('the cluster-databases message names the file, the database and the setting', () => {
    const facts = restore({ engineVersion: EngineVersion.VALKEY_9_0, clusterModeEnabled: true, parameterGroup: group('valkey9', { 'cluster-enabled': 'yes', 'cluster-databases': '4' }) }, { rdbFiles: [inDb5] });
    const [finding] = run(parameterGroup, facts).findings;
    expect(finding.file).toBe('dump.rdb');
    expect(finding.message).toMatch(/^dump\.rdb has keys in database 5, but parameter group Stack\/Params sets cluster-databases 4 \(databases 0-3\), so Valkey 9\.0 refuses to load it/);
  });

  test('skips what an unknown group cannot tell', () => {
    const { findings, skipped } = run(parameterGroup, restore({ engineVersion: EngineVersion.VALKEY_8_0, clusterModeEnabled: true, parameterGroup: { name: 'elsewhere' } }));
    expect(findings).toEqual([]);
    expect(skipped).toEqual([expect.stringMatching(/family of elsewhere/), expect.stringMatching(/parameters of elsewhere/)]);
  });
});

describe('parameterGroupNamed', () => {
  test.each<[string, ParameterGroupFacts]>([
    ['default.valkey9.cluster.on', { name: 'default.valkey9.cluster.on', family: 'valkey9', parameters: { 'cluster-enabled': 'yes' } }],
    ['default.redis6.x', { name: 'default.redis6.x', family: 'redis6.x', parameters: { 'cluster-enabled': 'no' } }],
    ['default.redis6.x.cluster.on', { name: 'default.redis6.x.cluster.on', family: 'redis6.x', parameters: { 'cluster-enabled': 'yes' } }],
    ['my-group', { name: 'my-group' }],
  ])('%s', (name, expected) => {
    expect(parameterGroupNamed(name)).toEqual(expected);
  });
});
