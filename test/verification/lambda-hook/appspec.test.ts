import { APPSPEC } from './scenario';
import { parseAppSpec } from '../../../src/verification/lambda-hook/handler/appspec';

describe('parseAppSpec', () => {
  test('reads the function, alias and versions', () => {
    expect(parseAppSpec(APPSPEC)).toEqual({ functionName: 'orders-api', alias: 'live', currentVersion: '6', targetVersion: '7' });
  });

  function spec(resources: unknown): string {
    return JSON.stringify({ version: '0.0', Resources: resources });
  }
  const fn = (props: Record<string, unknown>) => ({ Fn: { Type: 'AWS::Lambda::Function', Properties: { Name: 'f', Alias: 'live', CurrentVersion: '1', TargetVersion: '2', ...props } } });

  test.each([
    ['not JSON', 'Resources: [', /is not JSON/],
    ['without Resources', '{}', /has no Resources list/],
    ['with no function', spec([]), /names 0 Lambda functions, expected exactly 1/],
    ['with two functions', spec([fn({}), fn({ Name: 'g' })]), /names 2 Lambda functions/],
    ['without a target version', spec([fn({ TargetVersion: undefined })]), /has no TargetVersion/],
    ['targeting $LATEST', spec([fn({ TargetVersion: '$LATEST' })]), /TargetVersion is "\$LATEST", not a published version number/],
  ])('fails when the AppSpec is %s', (_what, content, message) => {
    expect(() => parseAppSpec(content)).toThrow(message);
  });
});
