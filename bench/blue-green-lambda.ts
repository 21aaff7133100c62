/**
 * Synth-cost benchmark of BlueGreenLambda: resources and template bytes added per extra
 * zero-config function, and whether the per-stack hook set stays constant.
 *
 * Synthesizes stacks with 1, 2, 5 and 10 zero-config BlueGreenLambdas (no AWS account needed)
 * and prints one line per stack plus the marginal cost of one more function.
 *
 * Run: npx ts-node --transpile-only -P tsconfig.dev.json bench/blue-green-lambda.ts
 */
import { App, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { BlueGreenLambda } from '../src/blue-green-lambda';

/** Target from the issue: resources added per extra zero-config BlueGreenLambda. */
const MAX_RESOURCES_PER_FUNCTION = 9;
const COUNTS = [1, 2, 5, 10];

interface Measure {
  readonly functions: number;
  readonly resources: number;
  readonly sharedResources: number;
  readonly hookFunctions: number;
  readonly templateBytes: number;
  readonly synthMs: number;
}

function measure(functions: number): Measure {
  const app = new App();
  const stack = new Stack(app, `Bench${functions}`, { env: { account: '123456789012', region: 'eu-west-1' } });
  const started = process.hrtime.bigint();
  for (let i = 0; i < functions; i++) {
    new BlueGreenLambda(stack, `Fn${i}`, {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline(`exports.handler = async () => ${i};`),
    });
  }
  const template = app.synth().getStackByName(stack.stackName).template as { Resources: Record<string, { Type: string }> };
  const synthMs = Number(process.hrtime.bigint() - started) / 1e6;
  const ids = Object.keys(template.Resources);
  const shared = ids.filter((id) => id.startsWith('SafeDeployLambdaResources'));
  return {
    functions,
    resources: ids.length,
    sharedResources: shared.length,
    hookFunctions: shared.filter((id) => template.Resources[id].Type === 'AWS::Lambda::Function').length,
    templateBytes: JSON.stringify(template).length,
    synthMs,
  };
}

const rows = COUNTS.map(measure);
console.log('functions  resources  shared  hook-fns  template-bytes  synth-ms (the first includes loading aws-cdk-lib)');
for (const r of rows) {
  console.log(`${String(r.functions).padStart(9)}  ${String(r.resources).padStart(9)}  ${String(r.sharedResources).padStart(6)}  ${String(r.hookFunctions).padStart(8)}  ${String(r.templateBytes).padStart(14)}  ${r.synthMs.toFixed(0).padStart(8)}`);
}
const first = rows[0];
const last = rows[rows.length - 1];
const steps = last.functions - first.functions;
const perFunction = (last.resources - first.resources) / steps;
const bytesPerFunction = (last.templateBytes - first.templateBytes) / steps;
const marginal = rows.slice(1).map((r, i) => (r.resources - rows[i].resources) / (r.functions - rows[i].functions));
const hooksConstant = rows.every((r) => r.hookFunctions === first.hookFunctions && r.sharedResources === first.sharedResources);
console.log('');
console.log(`resources per extra function: ${perFunction} (each step: ${marginal.join(', ')}; target <= ${MAX_RESOURCES_PER_FUNCTION}) ${perFunction <= MAX_RESOURCES_PER_FUNCTION ? 'OK' : 'OVER TARGET'}`);
console.log(`template bytes per extra function: ${Math.round(bytesPerFunction)}`);
console.log(`shared per-stack resources: ${first.sharedResources}, of which hook functions: ${first.hookFunctions} (constant for 1..${last.functions} functions: ${hooksConstant ? 'yes' : 'NO'})`);
if (perFunction > MAX_RESOURCES_PER_FUNCTION || !hooksConstant) process.exitCode = 1;
