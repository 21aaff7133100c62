/**
 * Synth-cost benchmark of MultiAzService, and its capacity table.
 *
 * 1. Resources: one zero-config service in a three-zone stack (split into the service's own
 *    resources and the per-stack shared network and hook), and the marginal cost of a second one.
 * 2. Synth time: 10 MultiAzServices, each in its own stack, against the same resources written by
 *    hand with plain aws-cdk-lib L2 code (bench/multi-az-service-baseline.ts), alternating the two
 *    in one run and comparing medians (target: ratio <= 1.15).
 * 3. The capacity table for N = 2..6 zones, generated from src/multi-az-service/capacity.ts.
 *
 * Run: npx ts-node --transpile-only -P tsconfig.dev.json bench/multi-az-service.ts
 */
import { App, Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { median } from './median';
import { defineHandWrittenService } from './multi-az-service-baseline';
import { MultiAzService } from '../src/multi-az-service';
import { capacityTable } from '../src/multi-az-service/capacity';
import { azContext } from '../test/support/app';

const TARGET_RATIO = 1.15;
const STACKS = 10;
const ROUNDS = 11;
const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';
const IMAGE = ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable');

type Resources = Record<string, { Type: string }>;

function newApp(): App {
  return new App({ context: azContext(ACCOUNT, REGION, 3) });
}

function resourcesOf(app: App, stack: Stack): Resources {
  return (app.synth().getStackByName(stack.stackName).template as { Resources: Resources }).Resources;
}

function countResources(services: number): { total: number; shared: number } {
  const app = newApp();
  const stack = new Stack(app, `Count${services}`, { env: { account: ACCOUNT, region: REGION } });
  for (let i = 0; i < services; i++) new MultiAzService(stack, `Service${i}`, { image: IMAGE });
  const ids = Object.keys(resourcesOf(app, stack));
  return { total: ids.length, shared: ids.filter((id) => !id.startsWith('Service')).length };
}

function synthMs(define: (stack: Stack) => void): { ms: number; resources: number } {
  const started = process.hrtime.bigint();
  const app = newApp();
  const stacks = Array.from({ length: STACKS }, (_, i) => {
    const stack = new Stack(app, `Bench${i}`, { env: { account: ACCOUNT, region: REGION } });
    define(stack);
    return stack;
  });
  const assembly = app.synth();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const templateOf = (s: Stack) => assembly.getStackByName(s.stackName).template as { Resources: Resources };
  const resources = stacks.reduce((n, s) => n + Object.keys(templateOf(s).Resources).length, 0);
  return { ms, resources };
}

const library = (stack: Stack) => { new MultiAzService(stack, 'Orders', { image: IMAGE }); };
const byHand = (stack: Stack) => defineHandWrittenService(stack, IMAGE);

// 1. Resources.
const one = countResources(1);
const two = countResources(2);
console.log('== resources (environment-bound stack, 3 zones, zero-config service)');
console.log(`one service: ${one.total} resources in the stack = ${one.total - one.shared} of the service + ${one.shared} shared per stack (VPC with 3 NAT gateways, cluster, verification hook)`);
console.log(`each further service adds ${two.total - one.total} resources (stack with two: ${two.total})`);

// 2. Synth time, alternating to share warm-up and machine noise.
synthMs(library);
synthMs(byHand);
const libraryMs: number[] = [];
const handMs: number[] = [];
let libraryResources = 0;
let handResources = 0;
for (let round = 0; round < ROUNDS; round++) {
  const l = synthMs(library);
  const h = synthMs(byHand);
  libraryMs.push(l.ms);
  handMs.push(h.ms);
  libraryResources = l.resources;
  handResources = h.resources;
}
const ratio = median(libraryMs) / median(handMs);
const minRatio = Math.min(...libraryMs) / Math.min(...handMs);
console.log('');
console.log(`== synth time: ${STACKS} stacks with one service each, ${ROUNDS} alternating rounds`);
console.log(`MultiAzService: median ${median(libraryMs).toFixed(0)} ms, fastest ${Math.min(...libraryMs).toFixed(0)} ms (${libraryResources} resources)`);
console.log(`plain L2 by hand: median ${median(handMs).toFixed(0)} ms, fastest ${Math.min(...handMs).toFixed(0)} ms (${handResources} resources)`);
console.log(`ratio of medians ${ratio.toFixed(3)} (target <= ${TARGET_RATIO}): ${ratio <= TARGET_RATIO ? 'met' : 'NOT met'}; ratio of fastest runs ${minRatio.toFixed(3)}`);

// 3. Capacity table.
console.log('');
console.log('== capacity: tasks run with every zone up (tasks left after losing one zone)');
console.log(capacityTable([2, 3, 4, 5, 6], [1, 2, 3, 4, 5, 6, 8, 10, 12, 16, 20]));
