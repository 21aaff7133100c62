import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { BlueGreenLambda, BlueGreenLambdaProps } from '../../src/blue-green-lambda';
import { envStack } from '../support/app';

/** The function part of BlueGreenLambdaProps: a small inline Node.js handler. */
export const FUNCTION_PROPS = {
  runtime: lambda.Runtime.NODEJS_22_X,
  handler: 'index.handler',
  code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });'),
};

/** A BlueGreenLambda `Api` with the function props above plus `extra`, in `stack` (default: a fresh env stack). */
export function blueGreen(extra: Partial<BlueGreenLambdaProps> = {}, stack: Stack = envStack(), id = 'Api'): BlueGreenLambda {
  return new BlueGreenLambda(stack, id, { ...FUNCTION_PROPS, ...extra });
}

/** The one resource of `type` whose logical ID starts with `prefix`. */
export function resourceOf(template: Template, type: string, prefix: string): { id: string; resource: any } {
  const found = Object.entries(template.findResources(type)).filter(([id]) => id.startsWith(prefix));
  if (found.length !== 1) throw new Error(`expected one ${type} starting with ${prefix}, found ${found.map(([id]) => id).join(', ') || 'none'}`);
  return { id: found[0][0], resource: found[0][1] };
}
