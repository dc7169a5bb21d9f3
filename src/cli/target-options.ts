import { UsageError } from './command';
import { closest } from './command-line';
import { EngineVersion } from '../model/engine-version';
import { NodeType } from '../model/node-type';
import { parseReservedMemoryPercent } from '../model/reserved-memory';
import { SlotLayout } from '../model/slots';
import { TargetFacts } from '../rules/facts';

/** The `util.parseArgs` options that describe the group being created, shared by the commands. */
export const TARGET_OPTIONS = {
  'engine': { type: 'string' },
  'engine-version': { type: 'string' },
  'cluster-mode': { type: 'string' },
  'shards': { type: 'string' },
  'slots-file': { type: 'string' },
  'node-type': { type: 'string' },
  'reserved-memory-percent': { type: 'string' },
} as const;

/** The `--help` lines of the target options. */
export const TARGET_HELP = `Target (each adds the checks it makes possible):
  --engine redis|valkey          the engine of the group being created (with --engine-version)
  --engine-version X.Y           e.g. 7.1 or 8.0
  --cluster-mode enabled|disabled
  --shards N                     shards, slots split evenly as ElastiCache does (implies cluster mode enabled)
  --slots-file plan.json         the slot layout and memory estimates of a plan file (cdk-elasticache-restore plan --out)
  --node-type cache.r6g.large    the node type
  --reserved-memory-percent 25   the parameter group's reserved-memory-percent (default 25)`;

/** The target options' values as `util.parseArgs` returns them. */
export interface TargetOptionValues {
  readonly 'engine'?: string;
  readonly 'engine-version'?: string;
  readonly 'cluster-mode'?: string;
  readonly 'shards'?: string;
  readonly 'slots-file'?: string;
  readonly 'node-type'?: string;
  readonly 'reserved-memory-percent'?: string;
}

/** The target the options describe, or undefined when none was given. Throws `UsageError` for a bad value. */
export function targetFromOptions(values: TargetOptionValues): TargetFacts | undefined {
  if (Object.keys(TARGET_OPTIONS).every((name) => values[name as keyof TargetOptionValues] === undefined)) {
    return undefined;
  }
  if (values['slots-file'] !== undefined && values.shards !== undefined) {
    throw new UsageError('give either --shards N or --slots-file plan.json, not both: the plan file sets the shards.');
  }
  const planned = guard('--slots-file', values['slots-file'], (file) => SlotLayout.fromPlanFile(file));
  const shardCount = planned?.shardCount ?? optionalInteger(values.shards, '--shards', 1);
  const clusterModeEnabled = clusterMode(values['cluster-mode'], shardCount);
  const layout = planned ?? (shardCount !== undefined && shardCount <= 16384 ? SlotLayout.even(shardCount) : undefined);
  const nodeType = listedNodeType(values['node-type']);
  return {
    engineVersion: engineVersion(values.engine, values['engine-version']),
    nodeType,
    // The constructs turn data tiering on exactly for the types that have it; so does the CLI.
    dataTieringEnabled: nodeType?.dataTiering,
    clusterModeEnabled,
    numNodeGroups: clusterModeEnabled === false ? 1 : shardCount,
    // A group without cluster mode has no NodeGroupConfiguration to check.
    shards: clusterModeEnabled === false ? [] : layout?.toSlotStrings().map((slots) => ({ slots })),
    reservedMemoryPercent: guard('--reserved-memory-percent', values['reserved-memory-percent'], parseReservedMemoryPercent),
    // The files are .rdb dumps, so the group is seeded from them, as SeededCluster does.
    seededFromArns: true,
    plannedShardBytes: planned?.plannedShardBytes,
  };
}

/** One line naming the target, e.g. `Valkey 8.0, cluster mode enabled, 3 shards, cache.r7g.large`. */
export function describeTarget(target: TargetFacts): string {
  const parts = [
    target.engineVersion?.toString(),
    target.clusterModeEnabled === undefined ? undefined : `cluster mode ${target.clusterModeEnabled ? 'enabled' : 'disabled'}`,
    target.clusterModeEnabled && target.numNodeGroups !== undefined ? `${target.numNodeGroups} shard${target.numNodeGroups === 1 ? '' : 's'}` : undefined,
    target.nodeType?.name,
    target.reservedMemoryPercent !== undefined ? `${target.reservedMemoryPercent}% reserved memory` : undefined,
  ];
  return parts.filter((part) => part !== undefined).join(', ');
}

/**
 * The node type named by `--node-type`, which must be one this library lists: without its memory,
 * neither `inspect` nor `plan` can say whether the data fits, and a typo would pass unnoticed.
 */
function listedNodeType(name: string | undefined): NodeType | undefined {
  const nodeType = guard('--node-type', name, (value) => NodeType.of(value));
  if (nodeType && nodeType.maxMemoryBytes === undefined) {
    const suggestion = closest(nodeType.name, NodeType.all().map((listed) => listed.name));
    throw new UsageError(`--node-type ${nodeType}: this library does not list its memory${suggestion ? ` (did you mean ${suggestion}?)` : ''}; ` +
      'choose a listed node type, or leave --node-type out to run the checks that do not need it.');
  }
  return nodeType;
}

function engineVersion(engine: string | undefined, version: string | undefined): EngineVersion | undefined {
  if (engine === undefined && version === undefined) {
    return undefined;
  }
  if (engine === undefined || version === undefined) {
    throw new UsageError('--engine and --engine-version go together, e.g. --engine valkey --engine-version 8.0.');
  }
  return guard('--engine/--engine-version', engine, (name) => EngineVersion.of(name, version));
}

function clusterMode(value: string | undefined, shardCount: number | undefined): boolean | undefined {
  if (value === undefined) {
    return shardCount === undefined ? undefined : true;
  }
  if (value !== 'enabled' && value !== 'disabled') {
    throw new UsageError(`--cluster-mode is 'enabled' or 'disabled', not '${value}'.`);
  }
  if (value === 'disabled' && shardCount !== undefined && shardCount !== 1) {
    throw new UsageError(`--shards ${shardCount} needs --cluster-mode enabled: a group with cluster mode disabled has one shard.`);
  }
  return value === 'enabled';
}

function optionalInteger(value: string | undefined, flag: string, min: number): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  const number = Number(value);
  if (!/^\d+$/.test(value) || number < min) {
    throw new UsageError(`${flag} takes a whole number of at least ${min}, not '${value}'.`);
  }
  return number;
}

/** Runs a model factory on a flag's value, turning its error into a usage error. */
function guard<T>(flag: string, value: string | undefined, make: (value: string) => T): T | undefined {
  if (value === undefined) {
    return undefined;
  }
  try {
    return make(value);
  } catch (error) {
    throw new UsageError(`${flag}: ${(error as Error).message}`);
  }
}
