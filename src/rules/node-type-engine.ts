import { Finding } from './facts';
import { RestoreRule } from './rule';

export const nodeTypeEngine: RestoreRule = {
  id: 'node-type-engine',
  severity: 'error',
  refuses: 'a node type the engine does not run (m8g, r8g and c8gn run on Valkey only; r6gd, m7g, r7g and c7gn need Redis OSS 6.2; m6g, r6g and t4g need 5.0.6), or data tiering not matching the node type (or in a cache cluster)',
  fix: 'choose a newer engine or an older node family; set DataTieringEnabled exactly for r6gd nodes',
  check({ target }, context) {
    const nodeType = target.nodeType;
    if (!nodeType) return context.skip('target node type unknown');
    const findings: Finding[] = [];
    const engine = target.engineVersion;
    if (!engine) {
      context.skip('target engine unknown');
    } else if (!nodeType.isSupportedBy(engine)) {
      const needs = nodeType.valkeyOnly ? 'runs on Valkey 7.2 or later only' : `needs Redis OSS ${nodeType.minimumRedisVersion} or later (or Valkey)`;
      findings.push(context.error(`${nodeType} ${needs}, but the target runs ${engine}: ${nodeType.valkeyOnly ? 'choose Valkey, or' : 'upgrade the engine or'} choose a node type ${engine} runs (e.g. cache.r5.*, cache.m5.*).`));
    }
    if (target.resource === 'cache-cluster') {
      if (nodeType.dataTiering) {
        findings.push(context.error(`${nodeType} tiers data to SSD, which only a replication group runs: create a replication group, or choose a type without data tiering.`));
      }
    } else if (target.dataTieringEnabled === undefined) {
      context.skip('whether data tiering is enabled is unknown');
    } else if (nodeType.dataTiering && !target.dataTieringEnabled) {
      findings.push(context.error(`${nodeType} tiers data to SSD and needs DataTieringEnabled set to true: set it, or choose a type without data tiering.`));
    } else if (!nodeType.dataTiering && target.dataTieringEnabled) {
      findings.push(context.error(`DataTieringEnabled is true but ${nodeType} has no SSD tier: choose a data-tiering type (cache.r6gd.*) or turn data tiering off.`));
    }
    return findings;
  },
};
