/**
 * Integration test of BlueGreenLambda. The app deploys a zero-config function; then, driven from
 * assertions:
 * 1. a good release (a new memory size) is published and deployed through the function's CodeDeploy
 *    deployment group with the construct's hooks: the deployment succeeds and the live alias moves;
 * 2. a bad release (a handler that does not exist) is published and deployed the same way: the
 *    verification hook's start-up check fails it, and the live alias stays on the good release.
 *
 * Snapshot (no AWS account): `npx projen integ`. Against an account: docs/integration-tests.md.
 */
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { Duration, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { expectLiveVersion, lambdaRelease } from './releases';
import { BlueGreenLambda } from '../../src';
import { testApp } from '../support/app';

const app = testApp();
const stack = new Stack(app, 'SafeDeployIntegBlueGreenLambda');
const api = new BlueGreenLambda(stack, 'Api', {
  runtime: lambda.Runtime.NODEJS_22_X,
  handler: 'index.handler',
  code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200, body: "ok" });'),
  memorySize: 128,
  bakeTime: Duration.minutes(1),
});

const integ = new IntegTest(app, 'BlueGreenLambda', {
  testCases: [stack],
  cdkCommandOptions: { destroy: { args: { force: true } } },
});

const good = lambdaRelease(integ, api, 'Good', { MemorySize: 256 }, 'Succeeded');
const liveOnGood = expectLiveVersion(integ, api, good.version);
const bad = lambdaRelease(integ, api, 'Bad', { Handler: 'index.missing' }, 'Failed', good.version);
const liveStillOnGood = expectLiveVersion(integ, api, good.version);

good.last.next(liveOnGood).next(bad.first);
bad.last.next(liveStillOnGood);
app.synth();
