import { Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sources from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { blueGreen, FUNCTION_PROPS } from './support';
import { TrafficShift } from '../../src/traffic';
import { CheckPhase } from '../../src/verification';
import { envStack } from '../support/app';
import { cfnLint } from '../support/cfn-lint';

test('cfn-lint finds no errors in a stack of BlueGreenLambdas', () => {
  const stack = envStack();
  const verifier = new lambda.Function(stack, 'Verifier', FUNCTION_PROPS);
  const api = blueGreen({
    trafficShift: TrafficShift.linear(25, Duration.minutes(3)),
    provisionedConcurrentExecutions: 2,
    checks: [{ name: 'health', payload: { path: '/health' }, expectStatusCode: 200 }],
    verificationFunctions: [{ name: 'e2e', function: verifier, phase: CheckPhase.AFTER_TRAFFIC }],
    events: [new sources.SqsEventSource(new sqs.Queue(stack, 'Jobs'))],
  }, stack);
  api.addPreviewFunctionUrl();
  blueGreen({ breakGlass: { reason: 'INC-1', ignoreAlarms: true } }, stack, 'Worker');
  expect(cfnLint(Template.fromStack(stack).toJSON())).toEqual({ errors: 0, errorLines: [] });
});
