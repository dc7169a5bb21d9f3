import { restore, run } from './facts-builders';
import { EngineVersion } from '../../src/model/engine-version';
import { AuthenticationFacts, RestoreFacts } from '../../src/rules';
import { authentication } from '../../src/rules/authentication';

const tls = { authToken: false, userGroups: false, transitEncryption: true };
const plain = { ...tls, transitEncryption: false };
const on = (engineVersion: EngineVersion, auth: AuthenticationFacts) => restore({ engineVersion, authentication: auth });

describe('authentication', () => {
  test.each<[string, RestoreFacts, RegExp[]]>([
    ['no authentication, no TLS', on(EngineVersion.REDIS_5_0_6, plain), []],
    ['an AUTH token over TLS', on(EngineVersion.REDIS_5_0_6, { ...tls, authToken: true }), []],
    ['user groups on Redis OSS 6.0 over TLS', on(EngineVersion.REDIS_6_0, { ...tls, userGroups: true }), []],
    ['user groups on Valkey 7.2 over TLS', on(EngineVersion.VALKEY_7_2, { ...tls, userGroups: true }), []],
    ['a transit encryption mode with TLS', on(EngineVersion.REDIS_7_1, { ...tls, transitEncryptionMode: 'preferred' }), []],
    ['user groups on Redis OSS 5.0.6', on(EngineVersion.REDIS_5_0_6, { ...tls, userGroups: true }),
      [/^UserGroupIds needs RBAC, which Redis OSS 5\.0\.6 lacks: use Redis OSS 6\.0 or later, or Valkey/]],
    ['an AUTH token without TLS', on(EngineVersion.REDIS_7_1, { ...plain, authToken: true }),
      [/^AuthToken needs in-transit encryption, which the group does not enable: set TransitEncryptionEnabled to true/]],
    ['user groups and a mode without TLS', on(EngineVersion.VALKEY_8_0, { ...plain, userGroups: true, transitEncryptionMode: 'required' }),
      [/^UserGroupIds and TransitEncryptionMode need in-transit encryption/]],
    ['an AUTH token and user groups', on(EngineVersion.VALKEY_8_0, { ...tls, authToken: true, userGroups: true }),
      [/^AuthToken and UserGroupIds are both given.*remove one/]],
    ['everything wrong at once', on(EngineVersion.REDIS_4_0_10, { ...plain, authToken: true, userGroups: true }),
      [/^AuthToken and UserGroupIds are both given/, /^UserGroupIds needs RBAC/, /^AuthToken and UserGroupIds need in-transit encryption/]],
  ])('%s', (_, facts, messages) => {
    const { findings } = run(authentication, facts);
    expect(findings).toEqual(messages.map((message) => ({ rule: 'authentication', severity: 'error', message: expect.stringMatching(message) })));
  });

  test.each<[string, RestoreFacts, string]>([
    ['authentication', restore({ engineVersion: EngineVersion.REDIS_7_1 }), 'target authentication unknown'],
    ['the engine, for user groups', restore({ authentication: { ...tls, userGroups: true } }), 'target engine unknown'],
    ['transit encryption', on(EngineVersion.REDIS_7_1, { authToken: true, userGroups: false }), 'TransitEncryptionEnabled unknown'],
  ])('skips, and says so, without %s', (_, facts, reason) => {
    expect(run(authentication, facts)).toEqual({ findings: [], skipped: [expect.stringContaining(`[authentication] Test/Cache: skipped: ${reason}`)] });
  });
});
