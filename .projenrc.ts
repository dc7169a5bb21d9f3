import { awscdk, javascript } from 'projen';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-elasticache-restore',
  description: 'Restore and seed Amazon ElastiCache (Redis OSS / Valkey) clusters from backups and .rdb files, refusing every restore that would fail before anything is created.',
  author: 'cdk-elasticache-restore maintainers',
  authorAddress: 'maintainers@cdk-elasticache-restore.dev',
  repositoryUrl: 'https://github.com/cdk-elasticache-restore/cdk-elasticache-restore.git',
  keywords: ['cdk', 'elasticache', 'redis', 'valkey', 'restore', 'rdb', 'snapshot'],
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,

  // AspectPriority (READONLY aspects) needs 2.172+; 2.177 is the oldest with a matching integ-tests-alpha.
  cdkVersion: '2.177.0',
  jsiiVersion: '~5.9.0',
  typescriptVersion: '~5.9.0',

  // CI is `.ci/run` on a clean clone; no hosted workflows to keep in step.
  github: false,
  release: false,

  publishToPypi: { distName: 'cdk-elasticache-restore', module: 'cdk_elasticache_restore' },
  publishToMaven: {
    javaPackage: 'dev.cdkelasticacherestore',
    mavenGroupId: 'dev.cdk-elasticache-restore',
    mavenArtifactId: 'cdk-elasticache-restore',
  },
  publishToNuget: { dotNetNamespace: 'CdkElastiCacheRestore', packageId: 'CdkElastiCacheRestore' },
  publishToGo: { moduleName: 'github.com/cdk-elasticache-restore/cdk-elasticache-restore-go' },

  bin: { 'cdk-elasticache-restore': 'lib/cli/main.js' },
  // The CLI and the tests use Node 20 APIs; older Node is refused at install time, not at run time.
  minNodeVersion: '20.0.0',
  // `files` in package.json below is the allow list of what ships; a deny list ships any stray folder.
  npmignoreEnabled: false,

  // The one handler is declared below, so its function class can live apart from it.
  lambdaAutoDiscover: false,

  devDeps: [
    '@aws-sdk/client-s3',
    '@aws-sdk/client-elasticache',
    '@types/aws-lambda',
    'aws-sdk-client-mock',
    'fast-check',
    's3rver',
    // cdk-nag 3 needs aws-cdk-lib 2.257; 2.37 is the line for our 2.177 floor.
    'cdk-nag@^2.37.0',
  ],
  // integ-runner checks the committed integ snapshots in `test` without deploying.
  experimentalIntegRunner: true,

  jestOptions: {
    // projen's default (--updateSnapshot) rewrites snapshots and hides drift.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      testTimeout: 60_000,
      // Jest's default on 2 cores is one worker; the real-server and deadline suites spend much of
      // their time waiting, so a third worker uses what the other two leave idle.
      maxWorkers: 3,
      // Tests never bundle; this fails fast, naming the remedy, when the preflight's bundle is missing.
      // It also gives the run a temp dir of its own (every App synthesizes into a new folder there),
      // which the teardown removes.
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  },
  gitignore: ['cdk.out', '/examples/cdk.out', '/bench/out'],
});

// The `ts5.9` dist-tag projen asks for does not exist; Node 20 types match the supported runtime.
project.deps.removeDependency('@types/node');
project.addDevDeps('@types/node@^20');
// The integ runner asks for the latest alpha, which needs a newer aws-cdk-lib than our floor.
project.deps.removeDependency('@aws-cdk/integ-tests-alpha');
project.addDevDeps('@aws-cdk/integ-tests-alpha@2.177.0-alpha.0');

// The Lambda's code (and only it) may import the AWS SDK, a dev-dependency the bundle carries:
// the published library must load no SDK. Its function class is library code, so projen writes it
// beside the property protocol in src/preflight/, not beside the handler.
new awscdk.LambdaFunction(project, {
  entrypoint: 'src/preflight/handler/preflight.lambda.ts',
  constructFile: 'src/preflight/preflight-function.ts',
  constructName: 'PreflightFunction',
  cdkDeps: project.cdkDeps,
  runtime: awscdk.LambdaRuntime.NODEJS_22_X,
  // Bundle our own SDK so the handler behaves the same in Lambda and in the loopback tests.
  // No source map: the function runs without --enable-source-maps, and its errors are findings
  // for users, not stack traces; a map would only grow the deployed zip (330 KB -> 846 KB).
  bundlingOptions: { externals: [], sourcemap: false },
});
project.eslint?.allowDevDeps('src/preflight/handler/**');
// The example app and the benchmark are code too (each has a tsconfig.json extending test's).
for (const dir of ['examples', 'bench']) {
  project.eslint?.addLintPattern(dir);
  project.eslint?.allowDevDeps(`${dir}/**`);
}
project.eslint?.addIgnorePattern('examples/cdk.out');

const example = project.addTask('example', {
  description: 'Synthesize the example app and print what the restore checks found',
});
// The preflight's Lambda asset must be bundled before anything synthesizes.
example.spawn(project.tasks.tryFind('bundle')!);
example.exec('ts-node --project test/tsconfig.json examples/app.ts');

project.addTask('bench', {
  description: 'Time a full .rdb inspection against redis-check-rdb on a large file written by redis-server',
  exec: 'ts-node --project test/tsconfig.json bench/inspect.bench.ts',
});
project.addTask('bench:memory', {
  description: 'Compare estimated memory with real cluster nodes of every engine server here, per dataset and shard count',
  exec: 'ts-node --project test/tsconfig.json bench/memory.bench.ts',
});

// Every TypeScript example in README.md and the API docs must compile (rosetta/default.ts-fixture
// is their scope) and translate; the tablet it writes beside .jsii gives the bindings their examples.
const rosetta = project.addTask('rosetta:extract', {
  description: 'Compile and translate every example in README.md and the API docs',
  exec: 'jsii-rosetta extract --strict',
});
project.postCompileTask.spawn(rosetta);
project.gitignore.addPatterns('.jsii.tabl.json');

// What the npm package ships: the compiled library and CLI, the Lambda asset, the jsii assembly
// with its translated examples, and the docs (npm adds package.json, README.md and LICENSE itself).
// jsii writes a default .npmignore when none exists; `files` decides what ships, so it is not kept.
project.gitignore.exclude('/.npmignore');
project.package.addField('files', ['lib/**/*.js', 'lib/**/*.d.ts', 'assets/', '.jsii', '.jsii.tabl.json', 'API.md']);

// Generating the other bindings' code needs no toolchain (only python3 to byte-compile it) and
// fails on an API that does not translate; byte-compiling catches Python the generator got wrong.
const bindings = project.addTask('package:bindings', {
  description: 'Generate the Python, Java, .NET and Go bindings as code, and byte-compile the Python',
  steps: [
    { exec: 'jsii-pacmak --code-only --no-npmignore --target python --target java --target dotnet --target go --outdir dist/bindings' },
    { exec: 'python3 -m compileall -q dist/bindings/python/src' },
  ],
});
// `build` packages JavaScript and the bindings' code, with or without CI: packaging every language
// (`package-all`) needs Maven, setuptools, a .NET SDK and Go, so it runs only where asked for.
project.packageTask.reset();
project.packageTask.spawn(project.tasks.tryFind('package:js')!);
project.packageTask.spawn(bindings);

// ts-jest only transpiles (isolatedModules), so one type-check covers the tests, the integ apps and
// what they import; the integ apps then run transpile-only instead of each type-checking again.
project.testTask.prependExec('tsc --noEmit -p test/tsconfig.json');

// `integ:update` deploys; this only synthesizes and rewrites the snapshots of changed templates.
project.addTask('integ:snapshot', {
  description: 'Update the integ snapshots without deploying',
  exec: 'integ-runner --language typescript --update-on-failed --dry-run',
  receiveArgs: true,
});
for (const name of ['integ', 'integ:update', 'integ:snapshot']) {
  project.tasks.tryFind(name)!.env('TS_NODE_TRANSPILE_ONLY', 'true');
}
// Without a region, integ-runner waits ~7 s per app before it synthesizes (looking for one where
// none is configured). `integ` and `integ:snapshot` never deploy, so the region is never used;
// `integ:update` deploys and keeps the caller's.
for (const name of ['integ', 'integ:snapshot']) {
  project.tasks.tryFind(name)!.env('AWS_REGION', 'us-east-1');
}

// The snapshots are compared without asset hashes (diffAssets: false) and never deployed first
// (stackUpdateWorkflow: false), so the bundled assets need not be committed.
project.gitignore.addPatterns('/test/*.snapshot/asset.*', '!/test/*.snapshot/cdk.out');

project.synth();
