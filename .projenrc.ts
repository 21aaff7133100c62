import { awscdk, javascript } from 'projen';

/**
 * The lowest aws-cdk-lib that has everything the library and its tests use:
 * ECS native blue/green, canary and linear deployments (2.236.0), cdk-nag 3 (2.257.0)
 * and the `@aws-cdk/core:validateAgainstDefaultRules` flag (2.262.0).
 * The tests run against this floor.
 */
const CDK_VERSION = '2.262.0';
const CONSTRUCTS_VERSION = '10.5.1';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-safe-deploy',
  description:
    'AWS CDK constructs for highly available services that deploy safely: multi-AZ container services and blue/green Lambda releases with built-in verification hooks and rollback alarms.',
  keywords: ['aws-cdk', 'cdk', 'codedeploy', 'blue-green', 'canary', 'lambda', 'ecs', 'fargate', 'multi-az', 'safe-deployment'],
  license: 'Apache-2.0',
  author: 'cdk-safe-deploy',
  authorAddress: 'cdk-safe-deploy@users.noreply.github.com',
  repositoryUrl: 'https://github.com/cdk-safe-deploy/cdk-safe-deploy.git',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  projenVersion: '0.103.25',
  stability: 'experimental',
  majorVersion: 0,
  sampleCode: false,
  github: false,
  release: false,
  minNodeVersion: '22.0.0',

  cdkVersion: CDK_VERSION,
  constructsVersion: CONSTRUCTS_VERSION,
  jsiiVersion: '~5.9.0',
  typescriptVersion: '~5.9.0',
  tsconfigDevFile: 'tsconfig.dev.json',
  eslintOptions: { dirs: ['src'], devdirs: ['test', 'examples', 'bench'], tsconfigPath: './tsconfig.dev.json' },

  // jsii targets: the build generates code for each of them (see the `pacmak:code-only` task);
  // nothing is published from here.
  publishToPypi: { distName: 'cdk-safe-deploy', module: 'cdk_safe_deploy' },
  publishToMaven: {
    javaPackage: 'io.github.cdksafedeploy',
    mavenGroupId: 'io.github.cdk-safe-deploy',
    mavenArtifactId: 'cdk-safe-deploy',
  },
  publishToNuget: { dotNetNamespace: 'CdkSafeDeploy', packageId: 'CdkSafeDeploy' },
  publishToGo: { moduleName: 'github.com/cdk-safe-deploy/cdk-safe-deploy-go' },

  lambdaOptions: {
    runtime: awscdk.LambdaRuntime.NODEJS_22_X,
    bundlingOptions: { sourcemap: false },
  },

  jestOptions: {
    jestVersion: '^29',
    // A snapshot that drifts fails the run instead of being rewritten.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    // No 150-line coverage table on the console (projen adds the `text` reporter unless told not to).
    coverageText: false,
    jestConfig: {
      setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
      testTimeout: 60_000,
      // Both cores: jest's default (cores - 1) leaves one of two idle.
      maxWorkers: 2,
      // Coverage by instrumenting our files only. V8 coverage also records every aws-cdk-lib module each
      // test file loads afresh; a worker's records grow from file to file (4.5 GB, GC-bound) and the
      // suite took 753 s instead of 360 s (`npx jest --ci`, 83 files, 2 workers).
      coverageProvider: 'babel',
      // One summary line on the console; the per-file report goes to coverage/lcov-report/index.html.
      coverageReporters: ['text-summary', 'lcov'],
    },
  },

  devDeps: [
    'ts-jest@^29',
    // ts-jest's peers, pinned to the jest major so npm installs them at the top level.
    'jest-util@^29',
    '@jest/types@^29',
    '@jest/transform@^29',
    'babel-jest@^29',
    '@types/node@^22',
    '@types/aws-lambda@^8',
    '@aws-sdk/client-lambda@^3',
    '@aws-sdk/client-codedeploy@^3',
    '@aws-sdk/client-cloudwatch@^3',
    '@aws-sdk/client-elastic-load-balancing-v2@^3',
    '@aws-sdk/client-ecs@^3',
    '@aws-sdk/client-application-auto-scaling@^3',
    '@aws-sdk/client-cloudformation@^3',
    'cdk-nag@3.0.2',
    '@cdklabs/cdk-validator-cfnguard@0.0.62',
    // Integration tests: written with integ-tests-alpha, checked here in snapshot mode by integ-runner.
    '@aws-cdk/integ-tests-alpha@2.245.0-alpha.0',
    '@aws-cdk/integ-runner@^2',
  ],

  gitignore: ['/cdk.out', '/examples/cdk.out', '/bench/out', '/.jsii-pacmak', '.jsii.tabl.json'],
  npmIgnoreOptions: { ignorePatterns: ['/examples', '/bench', '/docs', '/.ci', '/.jsii-pacmak', '/rosetta'] },
});

// npm 11 asks for a review of every dependency's install script. esbuild's postinstall only checks that
// its platform binary (an optional dependency) is in place: allowed, so `npm ci` runs it without a notice.
project.package.addField('allowScripts', { esbuild: true });

// Pin the test toolchain: unpinned TypeScript 7 breaks ts-node and ts-jest.
project.addDevDeps('ts-node@^10.9.2');
// The ESLint resolver 4.x depends on unrs-resolver, whose newest platform bindings the registry reachable
// here lacks; npm then leaves them out of the lock file and `npm ci` refuses it. 3.6 has no native part.
project.addDevDeps('eslint-import-resolver-typescript@3.6.3');

// Everything under test/, examples/ and bench/ is type-checked: ts-jest with isolatedModules only transpiles.
project.tsconfigDev.addInclude('examples/**/*.ts');
project.tsconfigDev.addInclude('bench/**/*.ts');
project.tsconfigDev.addInclude('.projenrc.ts');
for (const dir of ['.jsii-pacmak', 'lib', 'assets', 'examples/cdk.out', 'cdk.out', 'bench/out']) {
  project.tsconfigDev.addExclude(dir);
}
project.testTask.prependExec('tsc --noEmit -p tsconfig.dev.json');

// ESLint reads types through tsconfig.dev.json, which covers src/, test/, examples/ and bench/.
const eslintrc = project.tryFindObjectFile('.eslintrc.json');
eslintrc?.addDeletionOverride('parserOptions.projectService');
eslintrc?.addOverride('parserOptions.project', './tsconfig.dev.json');

// Handler helpers under src/ that import SDK packages (devDependencies, inlined by esbuild).
project.eslint?.allowDevDeps('src/**/handler/**/*.ts');
project.eslint?.allowDevDeps('examples/**/*.ts');
project.eslint?.allowDevDeps('bench/**/*.ts');

// The command-line report over a cloud assembly: `cdk-safe-deploy report cdk.out`.
project.addBins({ 'cdk-safe-deploy': 'lib/report/cli.js' });

// The demo: synthesize the example app offline and print its deploy-time plan.
const demo = project.addTask('demo', {
  description: 'Synthesize the example "orders" app into examples/cdk.out and print what happens at deploy time',
});
demo.spawn(project.bundler.bundleTask);
demo.exec('ts-node --transpile-only -P tsconfig.dev.json examples/demo.ts');

// Lint every template the demo synthesizes with the AWS CloudFormation linter.
const lintTemplates = project.addTask('lint:templates', {
  description: 'Run cfn-lint over every template in examples/cdk.out (no errors allowed)',
});
lintTemplates.exec('cfn-lint --format parseable -- examples/cdk.out/*.template.json');

// Prove that code for Python, Java, .NET and Go generates from the jsii assembly.
const pacmakCodeOnly = project.addTask('pacmak:code-only', {
  description: 'Generate (not build) the Python, Java, .NET and Go bindings from the jsii assembly',
});
pacmakCodeOnly.exec('rm -rf .jsii-pacmak');
pacmakCodeOnly.exec(
  'jsii-pacmak --code-only --outdir .jsii-pacmak --target python --target java --target dotnet --target go',
);
pacmakCodeOnly.exec('node .ci/check-bindings.js .jsii-pacmak');

// Every example in README.md and in the doc comments compiles (strict), and is translated into
// Python, Java, C# and Go: the tablet it writes (.jsii.tabl.json) is read by jsii-pacmak.
const rosetta = project.addTask('rosetta:extract', {
  description: 'Compile every README and doc-comment example against rosetta/default.ts-fixture and translate it',
});
rosetta.exec('jsii-rosetta extract --strict');

// `build` packages JavaScript only, which needs nothing but npm and works offline. The packages for the
// other languages need their toolchains and registries (Maven Central, PyPI, NuGet, the Go proxy):
// `npx projen package-all`.
const packageJs = project.tasks.tryFind('package:js')!;
project.packageTask.reset();
project.packageTask.spawn(packageJs);
project.tasks.tryFind('package-all')!.description =
  'Package for every target language (needs Maven, Python, .NET and Go with their registries)';

// Integration tests (test/integ/integ.*.ts, written with integ-tests-alpha): their snapshots are checked
// offline in `test`; docs/integration-tests.md says how to run them against an account.
// Assemblies synthesized while checking, and the snapshots' assets (rebuilt by every synth).
project.gitignore.exclude('/test/integ/cdk-integ.out.*', '/test/integ/*.snapshot/asset.*');
const integSnapshot = (args: string) => `ts-node --transpile-only -P tsconfig.dev.json test/integ/snapshot.ts${args}`;
const integ = project.addTask('integ', {
  description: 'Check that every integration test still synthesizes what its committed snapshot says (no AWS account)',
});
integ.spawn(project.bundler.bundleTask);
integ.exec(integSnapshot(''));
const integUpdate = project.addTask('integ:update', {
  description: 'Rewrite the integration-test snapshots from the current code (no AWS account); review and commit them',
});
integUpdate.spawn(project.bundler.bundleTask);
integUpdate.exec(integSnapshot(' --update'));

// The performance report (not part of `test`: it takes a few minutes): writes docs/performance.md.
const bench = project.addTask('bench', {
  description: 'Measure synth time, template size, stack fit, hook bundles and overhead, rollback bounds; write docs/performance.md',
});
bench.spawn(project.bundler.bundleTask);
bench.exec('ts-node --transpile-only -P tsconfig.dev.json bench/report.ts');

// Run rosetta, demo, template lint and binding generation as part of `build`.
project.postCompileTask.spawn(rosetta);
project.postCompileTask.spawn(pacmakCodeOnly);
project.testTask.spawn(demo);
project.testTask.spawn(lintTemplates);
project.testTask.spawn(integ);

project.synth();
