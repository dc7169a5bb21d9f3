import { Preflight, RestorePreflight } from './preflight';
import { RestoredClusterBase, RestoredClusterBaseProps } from './restored-cluster-base';
import { RestoreCompatibilityChecks } from '../checks/restore-compatibility-checks';
import { BackupSource } from '../sources/backup-source';
import { readFactsFile } from '../sources/facts-file';
import { RdbSource } from '../sources/rdb-source';
import { attachRestoreFacts } from '../target/attached-facts';

/** Where a restored group's data comes from: one of the two. */
export interface RestoreSource {
  readonly backup?: BackupSource;
  readonly rdbSource?: RdbSource;
}

/**
 * Puts a restored group under the restore rules twice: at synth time (the Aspect, with the facts
 * the source declares) and at deploy time (the preflight the group depends on).
 */
export function enforceRestoreRules(group: RestoredClusterBase, props: RestoredClusterBaseProps, source: RestoreSource): void {
  const declared = source.backup?.facts;
  const factsFile = source.rdbSource?.factsFile;
  const keys = source.rdbSource?.objects.map((object) => object.key) ?? [];
  attachRestoreFacts(group.resource, {
    backup: source.backup && {
      ...declared,
      snapshotName: source.backup.snapshotName,
      dataTiering: declared?.dataTiering ?? declared?.nodeType?.dataTiering,
    },
    rdbFiles: factsFile ? readFactsFile(factsFile, keys) : undefined,
    plannedShardBytes: props.clusterMode.slotLayout?.plannedShardBytes,
    declared: {
      nodeType: { name: props.nodeType.name, maxMemoryBytes: props.nodeType.maxMemoryBytes },
      engineVersion: { engine: props.engineVersion.engine, version: props.engineVersion.version, maxRdbVersion: props.engineVersion.maxRdbVersion },
      plannedFor: props.clusterMode.slotLayout?._plannedFiles,
    },
  });
  RestoreCompatibilityChecks.applyTo(group);

  const preflight = props.preflight ?? Preflight.fullScan();
  if (!preflight.isDisabled) {
    RestorePreflight.forReplicationGroup(group.resource, { preflight, source: source.rdbSource });
  }
}
