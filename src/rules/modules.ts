import { Finding } from './facts';
import { RestoreRule, scannedFiles } from './rule';
import { EngineVersion } from '../model/engine-version';
import { listing } from '../model/text';

/** The module data types ElastiCache provides natively, by RDB type name, and the engines that provide them. */
const PROVIDED = [
  // JSON is "RDB compatible with version 2 of the JSON module" on Redis OSS 6.2.6+ and Valkey 7.2+;
  // ElastiCache's Redis OSS 6.2 is 6.2.6.
  { type: 'ReJSON-RL', name: 'JSON', since: [EngineVersion.REDIS_6_2, EngineVersion.VALKEY_7_2] },
  // Bloom filters are valkey-bloom's type (not ReBloom's MBbloom--), from Valkey 8.1.
  { type: 'bloomfltr', name: 'Bloom filters', since: [EngineVersion.VALKEY_8_1] },
];

const PROVIDED_NAMES = listing(PROVIDED.map((module) => `${module.name} (${module.type}) from ${listing(module.since.map(String), 'or')}`));

/**
 * Module values load only into a server that provides the same module type: every server refuses
 * the rest on load ("The RDB file contains module data I can't load: no matching module type"),
 * so they stop the restore. A type ElastiCache provides on the target engine is fine.
 */
export const modules: RestoreRule = {
  id: 'modules',
  severity: 'error',
  refuses: `module data in an .rdb file that the target engine does not provide; ElastiCache provides only ${PROVIDED_NAMES}`,
  fix: 'remove the module keys before saving, or choose an engine version that provides the module',
  check({ target, rdbFiles }, context) {
    const engine = target.engineVersion;
    const findings: Finding[] = [];
    for (const { file, report } of scannedFiles(rdbFiles, context)) {
      for (const type of report.modules) {
        const provided = PROVIDED.find((module) => module.type === type);
        const intro = `${file} holds data of module type '${type}'`;
        if (!provided) {
          findings.push(context.error(`${intro}, which ElastiCache does not provide (it provides only ${PROVIDED_NAMES}), so the load fails: remove those keys before saving.`, file));
        } else if (!engine) {
          context.skip(`${intro}, but the target engine, which decides whether ${provided.name} is available, is unknown`);
        } else if (!provided.since.some((since) => engine.isValkey === since.isValkey && engine.isAtLeast(since))) {
          findings.push(context.error(`${intro} (${provided.name}), which ${engine} does not provide, so the load fails: choose ${listing(provided.since.map(String), 'or')} or later.`, file));
        }
      }
    }
    return findings;
  },
};
