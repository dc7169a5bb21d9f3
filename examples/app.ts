/**
 * Synthesizes the example restores and prints what was made and what the restore checks found,
 * then one restore the checks refuse, with the message `cdk synth` fails with: `npx projen example`.
 */
import { App, AspectPriority, Aspects } from 'aws-cdk-lib';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { RefusedRestoreStack } from './refused-restore-stack';
import { RestoreExampleStack } from './restore-example-stack';
import { RestoreCompatibilityChecks } from '../src';

const env = { account: '123456789012', region: 'eu-west-1' };
const app = new App({ outdir: `${__dirname}/cdk.out` });
new RestoreExampleStack(app, 'RestoreExample', { env });
// Verbose: also say which checks wait for the deploy-time preflight (facts not known at synth).
Aspects.of(app).add(new RestoreCompatibilityChecks({ verbose: true }), { priority: AspectPriority.READONLY });
const exampleErrors = printSummary(app.synth());

// In an app of its own, so that its refusal does not fail the example.
const refused = new App({ outdir: `${__dirname}/cdk.out/refused` });
new RefusedRestoreStack(refused, 'RefusedRestore', { env });
console.log('\nA restore the checks refuse: a cluster-mode-enabled backup into cluster mode disabled. `cdk synth` fails with:');
for (const message of refused.synth().stacks.flatMap((stack) => stack.messages).filter((m) => m.level === 'error')) {
  console.log(`  [Error at ${message.id}] ${message.entry.data}`);
}
process.exitCode = exampleErrors ? 1 : 0;

/** Prints each stack's resources, restores and findings; returns the number of errors. */
function printSummary(assembly: CloudAssembly): number {
  let errors = 0;
  for (const stack of assembly.stacks) {
    const resources: Record<string, { Type: string; Properties?: Record<string, any> }> = stack.template.Resources ?? {};
    console.log(`Stack ${stack.stackName} (${stack.environment.region}) → ${assembly.directory}/${stack.templateFile}`);
    const byType = new Map<string, number>();
    for (const resource of Object.values(resources)) byType.set(resource.Type, (byType.get(resource.Type) ?? 0) + 1);
    for (const [type, count] of [...byType].sort()) console.log(`  ${String(count).padStart(3)} × ${type}`);

    for (const [id, resource] of Object.entries(resources)) {
      if (resource.Type !== 'AWS::ElastiCache::ReplicationGroup') continue;
      const p = resource.Properties ?? {};
      const source = p.SnapshotName ? `backup ${p.SnapshotName}` : `${(p.SnapshotArns ?? []).length} .rdb object(s)`;
      const shards = (p.NodeGroupConfiguration ?? []).map((shard: any) => shard.Slots).join(' | ');
      console.log(`  ${id}: ${p.Engine} ${p.EngineVersion} on ${p.CacheNodeType}, cluster mode ${p.ClusterMode}, from ${source}`);
      if (shards) console.log(`    ${p.NumNodeGroups} shards, slots ${shards}`);
    }

    const findings = stack.messages.filter((message) => message.level !== 'info');
    console.log(findings.length ? '  Restore checks found:' : '  Restore checks found nothing to refuse or warn about.');
    for (const finding of findings) {
      errors += finding.level === 'error' ? 1 : 0;
      console.log(`    ${finding.level.toUpperCase()} ${finding.id}: ${finding.entry.data}`);
    }
    const deferred = stack.messages.filter((message) => message.level === 'info');
    if (deferred.length) console.log('  Left to the deploy-time preflight (not known at synth):');
    for (const message of deferred) console.log(`    ${message.id}: ${message.entry.data}`);
  }
  return errors;
}
