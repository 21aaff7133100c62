/**
 * The demo: synthesizes the example "orders" app offline (no AWS account or credentials) into
 * examples/cdk.out with the deployment-safety policy (DeploymentSafetyChecks) as a validation
 * plugin, prints, for each safe-deployment construct, what will happen at deploy time, then the
 * `cdk-safe-deploy report` of the assembly. Exits non-zero if synthesis, a validation or the
 * report fails.
 *
 *   npx projen demo
 */
import * as fs from 'fs';
import * as path from 'path';
import { Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { buildOrdersApp } from './orders-app';
import { DeploymentSafetyChecks } from '../src';
import { main as cli } from '../src/report/cli';

/** Anything in the tree that can explain its deploy-time plan. */
interface DescribesDeployment extends IConstruct {
  describeDeployment(): string;
}

function describes(c: IConstruct): c is DescribesDeployment {
  return typeof (c as Partial<DescribesDeployment>).describeDeployment === 'function';
}

function main(): void {
  const started = Date.now();
  const outdir = path.join(__dirname, 'cdk.out');
  fs.rmSync(outdir, { recursive: true, force: true });

  const { app, stacks } = buildOrdersApp({ outdir });
  Validations.of(app).addPlugins(new DeploymentSafetyChecks());
  const assembly = app.synth();

  console.log(`cdk-safe-deploy demo: synthesized ${assembly.stacks.length} stack(s) into ${path.relative(process.cwd(), outdir)}`);
  for (const stack of stacks) {
    const artifact = assembly.getStackByName(stack.stackName);
    const resources = Object.keys((artifact.template as { Resources?: object }).Resources ?? {}).length;
    const bytes = fs.statSync(path.join(outdir, artifact.templateFile)).size;
    console.log('');
    console.log(`=== stack ${stack.stackName} (${stack.region}, ${resources} resources, template ${(bytes / 1024).toFixed(1)} KiB)`);
    for (const construct of stack.node.findAll()) {
      if (describes(construct)) {
        console.log('');
        console.log(`--- ${construct.node.path}`);
        console.log(construct.describeDeployment());
      }
    }
    const warnings = artifact.messages.filter((m) => m.level === 'warning');
    if (warnings.length > 0) {
      console.log('');
      console.log(`warnings (${warnings.length}):`);
      for (const w of warnings) console.log(`  ${w.id}: ${String(w.entry.data).split('\n')[0]}`);
    }
  }
  console.log('');
  const reportStarted = Date.now();
  const code = cli(['report', path.relative(process.cwd(), outdir)]);
  console.log(`(report in ${Date.now() - reportStarted} ms: npx cdk-safe-deploy report ${path.relative(process.cwd(), outdir)} [--json | --markdown])`);
  if (code !== 0) throw new Error(`the report exited with ${code}`);
  console.log('');
  console.log(`demo finished in ${((Date.now() - started) / 1000).toFixed(1)} s; open ${path.relative(process.cwd(), outdir)} to read the templates`);
}

try {
  main();
} catch (e) {
  console.error(`demo failed: ${(e as Error).message}`);
  process.exit(1);
}
