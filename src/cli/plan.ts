import * as fs from 'fs';
import * as path from 'path';
import { CliIo, Command, ExitCode, UsageError } from './command';
import { parseCommandLine } from './command-line';
import { renderVerdict } from './report-table';
import { scanFile } from './scan-file';
import { describeTarget, TARGET_OPTIONS, targetFromOptions } from './target-options';
import { judge, Verdict } from './verdict';
import { MemoryProfile } from '../memory/memory-profile';
import { RECOMMENDED_FAMILIES } from '../memory/node-type-fit';
import { MAX_SHARDS } from '../model/engine-version';
import { formatPlanFile } from '../model/plan-file';
import { formatBytes } from '../model/units';
import { planSlots, SlotPlan, toPlanFile } from '../plan/plan-slots';
import { FileReport } from '../rdb';

const HELP = `Usage: cdk-elasticache-restore plan FILE… --shards N [options]

Reads .rdb files to the end and splits the 16384 hash slots into N contiguous ranges so that
the fullest shard needs as little memory as possible. Several files add up, as when they seed
one cluster. Each shard's memory (its node's used_memory once loaded) is estimated key by key
for the target engine, and the smallest ${RECOMMENDED_FAMILIES.join(', ')} node types that hold
the fullest shard with 10% headroom are named.

Options:
  --shards N                     shards of the restored cluster, 1 to ${MAX_SHARDS} (required)
  --engine valkey                the target engine, with --engine-version (default: ${MemoryProfile.newest().describes})
  --engine-version 8.1           e.g. 7.1 for Redis OSS, 8.0 for Valkey
  --node-type cache.r7g.large    check that the fullest shard fits this node type
  --reserved-memory-percent 25   the parameter group's reserved-memory-percent (default 25)
  --out plan.json                write the plan file, for SlotLayout.fromPlanFile('plan.json')
  --json                         print the plan file instead of the table
  -h, --help                     show this help

Exit codes: 0 planned (and the fullest shard fits the node type), 1 it does not fit or a rule
refuses the restore (the same rules as inspect),
2 a file that cannot be read or is corrupt, 64 a usage error.
`;

/** `cdk-elasticache-restore plan`. */
export const planCommand: Command = {
  name: 'plan',
  summary: 'plan slot ranges balanced by the estimated memory of .rdb files, and the node type that holds them',
  help: HELP,
  run: runPlan,
};

async function runPlan(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parsePlanCommandLine(args);
  if (positionals.length === 0) throw new UsageError('give at least one .rdb file.');
  if (values.shards === undefined) throw new UsageError('give the shard count with --shards N.');
  const target = targetFromOptions({
    'engine': values.engine,
    'engine-version': values['engine-version'],
    'shards': values.shards,
    'node-type': values['node-type'],
    'reserved-memory-percent': values['reserved-memory-percent'],
  })!;
  const shardCount = target.numNodeGroups!;
  if (shardCount > MAX_SHARDS) throw new UsageError(`--shards takes at most ${MAX_SHARDS}: no engine allows more shards.`);
  if (values.out !== undefined) checkWritable(values.out);

  const profile = target.engineVersion ? MemoryProfile.forEngine(target.engineVersion) : MemoryProfile.newest();
  const reports: FileReport[] = [];
  for (const file of positionals) {
    reports.push(await scanFile(file, io, { memoryProfiles: [profile] }));
  }
  const unreadable = reports.filter((report) => report.error);
  if (unreadable.length > 0) {
    for (const { file, error } of unreadable) {
      io.stderr.write(`${file}: unreadable at byte ${error!.offset}: ${error!.message}\n`);
    }
    return ExitCode.UNREADABLE;
  }

  const planned = planSlots(reports, { shardCount, nodeType: target.nodeType, reservedMemoryPercent: target.reservedMemoryPercent, profile });
  for (const warning of planned.usedMemoryWarnings) io.stderr.write(`Warning: ${warning}.\n`);
  // The rules inspect applies, over the planned layout: a plan that fits memory may still be refused.
  const verdict = judge(reports, {
    ...target,
    shards: planned.layout.toSlotStrings().map((slots) => ({ slots })),
    plannedShardBytes: planned.shards.map((shard) => shard.estimatedMemoryBytes),
  }, describeTarget(target));
  const text = formatPlanFile(toPlanFile(planned));
  if (values.out !== undefined) writePlan(values.out, text);
  io.stdout.write(values.json ? text : renderPlan(planned, verdict, values.out));
  const refused = planned.nodeTypeFit?.verdict === 'does-not-fit' || verdict.findings.some((finding) => finding.severity === 'error');
  return refused ? ExitCode.FINDINGS : ExitCode.OK;
}

function parsePlanCommandLine(args: string[]) {
  return parseCommandLine(args, {
    'shards': TARGET_OPTIONS.shards,
    'engine': TARGET_OPTIONS.engine,
    'engine-version': TARGET_OPTIONS['engine-version'],
    'node-type': TARGET_OPTIONS['node-type'],
    'reserved-memory-percent': TARGET_OPTIONS['reserved-memory-percent'],
    'out': { type: 'string' },
    'json': { type: 'boolean' },
  });
}

/** Refuses, before any file is read, an --out whose folder does not exist. */
function checkWritable(out: string): void {
  const folder = path.dirname(path.resolve(out));
  // existsSync never throws: false also for a path through a file.
  if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) {
    throw new UsageError(`--out ${out}: ${folder} is not a folder that exists; create it first, or write the plan elsewhere.`);
  }
}

/** Writes beside the plan file and renames, so an interrupted run never leaves half a plan where a plan was. */
function writePlan(out: string, text: string): void {
  const partial = `${out}.${process.pid}.partial`;
  try {
    fs.writeFileSync(partial, text);
    fs.renameSync(partial, out);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw new UsageError(`--out ${out}: the plan cannot be written (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
  }
}

/** The table of shards, the comparison with an even split, and the node types. */
function renderPlan(plan: SlotPlan, verdict: Verdict, out: string | undefined): string {
  const count = (value: number) => value.toLocaleString('en-US');
  const shardsOf = (shardCount: number) => `${shardCount} shard${shardCount === 1 ? '' : 's'}`;
  const header = ['SHARD', 'SLOTS', 'SLOT COUNT', 'KEYS', 'DATA', 'EST. MEMORY'];
  const rows = plan.shards.map((shard, i) => [
    `${i + 1}${i === plan.fullestShard ? '*' : ''}`,
    shard.range.toString(),
    count(shard.range.size),
    count(shard.keys),
    formatBytes(shard.bytes),
    formatBytes(shard.estimatedMemoryBytes),
  ]);
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => row[column].length)));
  // Text columns left-aligned, figures right-aligned.
  const line = (row: string[]) => row.map((cell, column) => (column < 2 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ');

  const fullest = plan.shards[plan.fullestShard];
  const lines = [
    `Plan: ${shardsOf(plan.shards.length)} over ${plan.files.join(', ')}: ${count(plan.keys)} keys, ${formatBytes(plan.bytes)} of data` +
      (plan.usedMemoryBytes === undefined ? '' : `, used-mem ${formatBytes(plan.usedMemoryBytes)}`),
    `Memory estimated for ${plan.profile.describes} (give --engine and --engine-version for another engine).`,
    '',
    line(header),
    ...rows.map(line),
    '',
    `* fullest shard: ~${formatBytes(fullest.estimatedMemoryBytes)} of memory (${formatBytes(fullest.bytes)} of data). For comparison, the fullest shard `
      + `needs ~${formatBytes(plan.evenSplitFullestMemoryBytes)} under an even split and ~${formatBytes(plan.byteBalancedFullestMemoryBytes)} under a split balancing bytes.`,
    '',
  ];

  const fit = plan.nodeTypeFit;
  if (fit) {
    const holds = `${fit.nodeType} holds ${formatBytes(fit.usableMemoryBytes)} at ${plan.reservedMemoryPercent}% reserved memory`;
    const share = fit.share > 0 && fit.share < 0.01 ? '<1%' : `${Math.round(fit.share * 100)}%`;
    lines.push({
      'fits': `Fits: ${holds}; the fullest shard takes ${share} of it.`,
      'tight': `Fits tightly: ${holds}; the fullest shard takes ${share} of it, leaving little room for writes (the memory-fit check warns above 90%).`,
      'does-not-fit': `Does not fit: ${holds}; the fullest shard would take ${share} of it, so the restore would fail. Choose a larger node type (below) or more shards.`,
    }[fit.verdict]);
  }
  lines.push(`Smallest node types that hold the fullest shard with 10% headroom at ${plan.reservedMemoryPercent}% reserved memory:`);
  const width = Math.max(...plan.recommendations.map((recommendation) => recommendation.family.length));
  for (const { family, fit: smallest } of plan.recommendations) {
    lines.push(`  ${family.padEnd(width)}  ${smallest ? `${smallest.nodeType} (${formatBytes(smallest.usableMemoryBytes)} usable)` : `none: even the largest ${family} is too small; plan more shards`}`);
  }
  // The node-type lines above say what memory-fit says, with the types that would hold the data.
  lines.push('', ...renderVerdict({ ...verdict, findings: verdict.findings.filter((finding) => finding.rule !== 'memory-fit') }, true));
  if (out !== undefined) {
    lines.push('', `Wrote ${out}: use it with SlotLayout.fromPlanFile('${out}').`);
  }
  return `${lines.join('\n')}\n`;
}
