import { RestoreRule } from './rule';
import { EngineVersion } from '../model/engine-version';

export const clusterModeEngine: RestoreRule = {
  id: 'cluster-mode-engine',
  severity: 'error',
  refuses: 'cluster mode enabled on an engine older than Redis OSS 3.2.4',
  fix: 'use Redis OSS 3.2.4 or later, or Valkey',
  check({ target }, context) {
    if (!target.clusterModeEnabled) {
      return target.clusterModeEnabled === undefined ? context.skip('target cluster mode unknown') : [];
    }
    if (!target.engineVersion) return context.skip('target engine unknown');
    if (target.engineVersion.supportsClusterMode) return [];
    return [context.error(`${target.engineVersion} does not run cluster mode, which the target enables: choose ${EngineVersion.REDIS_3_2_4} or later, or Valkey.`)];
  },
};
