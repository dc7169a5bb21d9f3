import { Finding } from './facts';
import { RestoreRule } from './rule';
import { EngineVersion } from '../model/engine-version';

/**
 * What ElastiCache takes for authentication:
 * - RBAC user groups need Redis OSS 6.0 or later, or Valkey 7.2 or later (User Guide, Clusters.RBAC:
 *   "available for Valkey 7.2 and onward, and Redis OSS 6.0 to 7.2"; AWS::ElastiCache::UserGroup: "For
 *   Valkey 7.2 and onwards, or Redis OSS 6.0 and onwards").
 * - AuthToken is taken only with in-transit encryption (CreateReplicationGroup, AuthToken: "can be
 *   specified only on replication groups where TransitEncryptionEnabled is true"); user groups likewise
 *   (Clusters.RBAC, applying RBAC to a cache: in-transit encryption must be on).
 * - A group authenticates with an AUTH token or with user groups, not both: moving from one to the
 *   other drops the token (in-transit-encryption-disable: `--auth-token-update-strategy DELETE
 *   --user-group-ids-to-add`).
 * - TransitEncryptionMode is a mode of transit encryption, so it needs it on (CreateReplicationGroup).
 */
export const authentication: RestoreRule = {
  id: 'authentication',
  severity: 'error',
  refuses: '`UserGroupIds` on Redis OSS below 6.0, `AuthToken` or `UserGroupIds` or `TransitEncryptionMode` without `TransitEncryptionEnabled`, or both `AuthToken` and `UserGroupIds`',
  fix: 'use Redis OSS 6.0 or later (or Valkey) for RBAC, set `TransitEncryptionEnabled: true` (the constructs\' default), and keep either the AUTH token or the user groups',
  check({ target }, context) {
    const auth = target.authentication;
    if (!auth) return context.skip('target authentication unknown');
    const findings: Finding[] = [];
    if (auth.authToken && auth.userGroups) {
      findings.push(context.error('AuthToken and UserGroupIds are both given, but a group authenticates with an AUTH token or with RBAC user groups, not both: '
        + 'remove one (Authentication.token() / generatedToken() or Authentication.userGroups()).'));
    }
    if (auth.userGroups) {
      if (!target.engineVersion) {
        context.skip('target engine unknown, so whether it has RBAC for UserGroupIds is unknown');
      } else if (!target.engineVersion.isAtLeast(EngineVersion.REDIS_6_0)) {
        findings.push(context.error(`UserGroupIds needs RBAC, which ${target.engineVersion} lacks: use ${EngineVersion.REDIS_6_0} or later, or Valkey, or an AUTH token instead.`));
      }
    }
    const tlsSettings = { AuthToken: auth.authToken, UserGroupIds: auth.userGroups, TransitEncryptionMode: auth.transitEncryptionMode !== undefined };
    const needingTls = Object.entries(tlsSettings).filter(([, given]) => given).map(([name]) => name);
    if (needingTls.length > 0 && auth.transitEncryption === undefined) context.skip('TransitEncryptionEnabled unknown');
    if (needingTls.length > 0 && auth.transitEncryption === false) {
      const one = needingTls.length === 1;
      findings.push(context.error(`${needingTls.join(' and ')} ${one ? 'needs' : 'need'} in-transit encryption, which the group does not enable: `
        + `set TransitEncryptionEnabled to true (with the constructs, leave transitEncryption on), or remove ${one ? 'it' : 'them'}.`));
    }
    return findings;
  },
};
