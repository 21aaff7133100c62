import { IConstruct } from 'constructs';
import { BlueGreenLambda } from '../../src/blue-green-lambda';
import { SHARED_RESOURCES_ID } from '../../src/blue-green-lambda/shared-resources';
import { MultiAzService } from '../../src/multi-az-service';
import { DESIRED_COUNT_PROVIDER_ID } from '../../src/multi-az-service/desired-count/service-desired-count';
import { SHARED_CLUSTER_ID_PREFIX, SHARED_NETWORK_ID } from '../../src/multi-az-service/shared-network';
import { VERIFY_HOOK_ID_PREFIX } from '../../src/multi-az-service/verification-hook';
import { SHARED_NOTIFICATIONS_ID } from '../../src/notifications/deployment-notifications';
import { SHARED_LOGS_ID } from '../../src/resilience/zone-loss-experiment';

/** Who a resource belongs to, for the findings review. */
export enum Owner {
  /** Created by the library for itself; the user does not extend it. */
  LIBRARY = 'library',
  /** The user's own resource, or one the library creates for the user to own and extend. */
  USER = 'user',
}

/** Construct IDs of the per-stack resources the library defines directly under a stack. */
const STACK_LEVEL_PREFIXES = [SHARED_LOGS_ID, SHARED_NOTIFICATIONS_ID, SHARED_RESOURCES_ID, SHARED_NETWORK_ID, VERIFY_HOOK_ID_PREFIX, DESIRED_COUNT_PROVIDER_ID, SHARED_CLUSTER_ID_PREFIX, 'Custom::VpcRestrictDefaultSG'];

/**
 * Classifies construct paths of `root`'s tree. Under a BlueGreenLambda, the function (with its
 * role) is the user's: they give its props and role. Under a MultiAzService, the task role is
 * the user's to extend. Everything else under the constructs, and their shared per-stack
 * resources, is the library's.
 */
export function ownerOf(root: IConstruct): (path: string) => Owner {
  const all = root.node.findAll();
  const libraryRoots = all
    .filter((c) => c instanceof BlueGreenLambda || c instanceof MultiAzService
      || (c.node.scope !== undefined && c.node.scope.node.scope === root && STACK_LEVEL_PREFIXES.some((p) => c.node.id.startsWith(p))))
    .map((c) => c.node.path);
  const userInside = [
    ...all.filter((c): c is BlueGreenLambda => c instanceof BlueGreenLambda).map((c) => `${c.node.path}/Function`),
    ...all.filter((c): c is MultiAzService => c instanceof MultiAzService).map((c) => `${c.node.path}/TaskDefinition/TaskRole`),
  ];
  const under = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}/`);
  return (path: string) => {
    if (userInside.some((p) => under(path, p))) return Owner.USER;
    return libraryRoots.some((p) => under(path, p)) ? Owner.LIBRARY : Owner.USER;
  };
}
