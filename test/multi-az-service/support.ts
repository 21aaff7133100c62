import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { MultiAzService, MultiAzServiceProps } from '../../src/multi-az-service';

/** The image every test service runs. */
export const IMAGE = ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable');

/** A MultiAzService named `Orders` in `stack` with `props` on top of the image. */
export function orders(stack: Stack, props: Partial<MultiAzServiceProps> = {}, id = 'Orders'): MultiAzService {
  return new MultiAzService(stack, id, { image: IMAGE, ...props });
}

/** The properties of the only resource of `type` (matching `props`, if given) in the template. */
export function only(template: Template, type: string, props?: any): any {
  const found = Object.values(template.findResources(type, props));
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return (found[0] as any).Properties;
}
