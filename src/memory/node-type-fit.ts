import { MEMORY_HEADROOM, NodeType } from '../model/node-type';

/**
 * The families a recommendation names: the current generation of each kind of node, memory
 * optimized, general purpose, burstable and data tiering. Older generations hold the same memory
 * for more money; c7gn is network optimized, so it holds less memory for the price.
 */
export const RECOMMENDED_FAMILIES: readonly string[] = ['r7g', 'm7g', 't4g', 'r6gd'];

/** How a shard's data sits in a node type. */
export interface NodeTypeFit {
  readonly nodeType: NodeType;
  /** `maxmemory × (1 − reserved-memory-percent / 100)`. */
  readonly usableMemoryBytes: number;
  /** The shard's data over the usable memory, e.g. 0.42. */
  readonly share: number;
  /** `fits` up to 90% (with headroom), `tight` above 90% (memory-fit warns), `does-not-fit` above 100% (the restore fails). */
  readonly verdict: 'fits' | 'tight' | 'does-not-fit';
}

/**
 * How `neededBytes` sits in a node of the type.
 *
 * @throws when the type's memory is unknown (a type this library does not list, given without its maxmemory)
 */
export function fitIn(nodeType: NodeType, neededBytes: number, reservedMemoryPercent: number): NodeTypeFit {
  const usableMemoryBytes = nodeType.usableMemoryBytes(reservedMemoryPercent);
  if (usableMemoryBytes === undefined) {
    throw new Error(`The memory of ${nodeType} is unknown: this library does not list it; choose a listed node type.`);
  }
  const share = usableMemoryBytes > 0 ? neededBytes / usableMemoryBytes : Infinity;
  const verdict = share > 1 ? 'does-not-fit' : share > MEMORY_HEADROOM ? 'tight' : 'fits';
  return { nodeType, usableMemoryBytes, share, verdict };
}

/** The smallest type of one recommended family that holds the data with headroom. */
export interface FamilyRecommendation {
  readonly family: string;
  /** Undefined when even the family's largest type is too small. */
  readonly fit?: NodeTypeFit;
}

/** The smallest type of `family` that holds `neededBytes` within 90% of its usable memory, if any. */
export function smallestFitting(family: string, neededBytes: number, reservedMemoryPercent: number): NodeTypeFit | undefined {
  return NodeType.all()
    .filter((nodeType) => nodeType.family === family && nodeType.usableMemoryBytes(reservedMemoryPercent) !== undefined)
    .map((nodeType) => fitIn(nodeType, neededBytes, reservedMemoryPercent))
    .filter((candidate) => candidate.verdict === 'fits')
    .sort((a, b) => a.usableMemoryBytes - b.usableMemoryBytes)[0];
}

/** For every recommended family, its smallest node type that holds `neededBytes` within 90% of its usable memory. */
export function recommendNodeTypes(neededBytes: number, reservedMemoryPercent: number): FamilyRecommendation[] {
  return RECOMMENDED_FAMILIES.map((family) => ({ family, fit: smallestFitting(family, neededBytes, reservedMemoryPercent) }));
}
