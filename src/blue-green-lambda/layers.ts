import { createHash } from 'crypto';
import { Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';

/**
 * A fingerprint of the layers a function uses: their content, compatible runtimes and
 * architectures for layers defined in the same stack, their ARN otherwise.
 *
 * Without the `@aws-cdk/aws-lambda:recognizeLayerVersion` flag, aws-cdk-lib hashes only the
 * function's `Layers` property, a `Ref` that stays the same when a layer's content changes, so
 * no new version would be published and the live alias would keep serving the old layer.
 * Adding this fingerprint with `invalidateVersionBasedOn` closes that gap whatever the flags.
 *
 * Returns `undefined` for a function without layers.
 */
export function layerFingerprint(fn: lambda.Function): string | undefined {
  const stack = Stack.of(fn);
  const layers = stack.resolve((fn.node.defaultChild as lambda.CfnFunction).layers) as unknown[] | undefined;
  if (!layers || layers.length === 0) return undefined;
  const defined = new Map<string, lambda.CfnLayerVersion>();
  for (const c of stack.node.findAll()) {
    if (c instanceof lambda.CfnLayerVersion) defined.set(stack.resolve(c.logicalId), c);
  }
  const parts = layers.map((ref) => {
    const layer = defined.get(refTarget(ref) ?? '');
    return layer === undefined ? ref : stack.resolve({
      content: layer.content,
      runtimes: layer.compatibleRuntimes,
      architectures: layer.compatibleArchitectures,
    });
  });
  return `layers:${createHash('md5').update(JSON.stringify(parts)).digest('hex')}`;
}

function refTarget(value: unknown): string | undefined {
  const ref = (value as { Ref?: unknown } | null)?.Ref;
  return typeof ref === 'string' ? ref : undefined;
}
