import { Token } from 'aws-cdk-lib';

/** Users the container may not be told to run as: root by name or by id. */
const ROOT_USERS = new Set(['root', '0']);

/**
 * Refuses a container user that is root (`root`, `0`, `root:<group>`, `0:<gid>`); an unset
 * user is the image's choice and passes.
 */
export function validateContainerUser(user: string | undefined): void {
  if (user === undefined || Token.isUnresolved(user)) return;
  const name = user.split(':')[0];
  if (user.trim() === '' || name === '') {
    throw new Error(`containerUser must name a user (user, user:group, uid or uid:gid), got '${user}'. Use e.g. '1000:1000', or leave it out for the image's user.`);
  }
  if (ROOT_USERS.has(name)) {
    throw new Error(`containerUser must not be root, got '${user}'. Use a non-root user such as '1000:1000', or leave it out for the image's user.`);
  }
}

/**
 * Checks the writable paths of a read-only root file system: absolute, normalised, distinct,
 * and not `/` itself.
 */
export function validateWritablePaths(paths: string[] | undefined, readonlyRootFilesystem: boolean): void {
  if (paths === undefined) return;
  if (!readonlyRootFilesystem && paths.length > 0) {
    throw new Error(`writablePaths is set (${paths.join(', ')}) but readonlyRootFilesystem is not: every path is writable already. Set readonlyRootFilesystem: true, or remove writablePaths.`);
  }
  const seen = new Set<string>();
  for (const p of paths) {
    if (Token.isUnresolved(p)) continue;
    if (!p.startsWith('/') || p === '/' || p.endsWith('/') || p.split('/').some((part, i) => i > 0 && (part === '' || part === '.' || part === '..'))) {
      throw new Error(`writablePaths must hold absolute, normalised paths below / (e.g. '/tmp'), got '${p}'.`);
    }
    if (seen.has(p)) throw new Error(`writablePaths lists '${p}' twice; list each path once.`);
    seen.add(p);
  }
}

/**
 * Checks the domain props: a hosted zone with the name, and the name inside the zone when
 * both are known at synthesis.
 */
export function validateDomain(domainName: string | undefined, zoneName: string | undefined, hasZone: boolean): void {
  if (domainName === undefined) {
    if (hasZone) throw new Error('hostedZone is set but domainName is not: pass the name the service is reached at (e.g. orders.example.com), or remove hostedZone.');
    return;
  }
  if (!hasZone) {
    throw new Error(`domainName is '${domainName}' but hostedZone is not set: pass the Route 53 hosted zone the name is in (route53.HostedZone.fromHostedZoneAttributes), so the record and the certificate's DNS validation can be written.`);
  }
  if (Token.isUnresolved(domainName) || zoneName === undefined || Token.isUnresolved(zoneName)) return;
  const zone = zoneName.replace(/\.$/, '').toLowerCase();
  const name = domainName.replace(/\.$/, '').toLowerCase();
  if (name !== zone && !name.endsWith(`.${zone}`)) {
    throw new Error(`domainName '${domainName}' is not in hostedZone '${zoneName}': use a name that ends in ${zone}, or the zone that holds the name.`);
  }
}
