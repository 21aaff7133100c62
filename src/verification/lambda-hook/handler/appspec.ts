/** The Lambda deployment target named by a CodeDeploy AppSpec. */
export interface DeploymentTarget {
  readonly functionName: string;
  readonly alias: string;
  readonly currentVersion: string;
  readonly targetVersion: string;
}

/**
 * Reads the one `AWS::Lambda::Function` resource of a Lambda AppSpec (JSON, as CloudFormation
 * writes it). Throws with the reason if the content is not such an AppSpec, names several
 * functions, or its target version is not a published version number.
 */
export function parseAppSpec(content: string): DeploymentTarget {
  let spec: unknown;
  try {
    spec = JSON.parse(content);
  } catch (e) {
    throw new Error(`the deployment's AppSpec is not JSON (${(e as Error).message}): ${content.slice(0, 120)}`);
  }
  const resources = (spec as { Resources?: unknown } | null)?.Resources;
  if (!Array.isArray(resources)) throw new Error('the deployment\'s AppSpec has no Resources list');
  const functions = resources
    .flatMap((entry) => (typeof entry === 'object' && entry !== null ? Object.values(entry as Record<string, unknown>) : []))
    .filter((r): r is { Properties?: Record<string, unknown> } => typeof r === 'object' && r !== null && (r as { Type?: unknown }).Type === 'AWS::Lambda::Function');
  if (functions.length !== 1) throw new Error(`the deployment's AppSpec names ${functions.length} Lambda functions, expected exactly 1`);
  const props = functions[0].Properties ?? {};
  const text = (key: string): string => {
    const value = props[key];
    if (typeof value !== 'string' && typeof value !== 'number') throw new Error(`the deployment's AppSpec has no ${key} for its Lambda function`);
    return String(value);
  };
  const target: DeploymentTarget = {
    functionName: text('Name'),
    alias: text('Alias'),
    currentVersion: text('CurrentVersion'),
    targetVersion: text('TargetVersion'),
  };
  if (!/^\d+$/.test(target.targetVersion)) {
    throw new Error(`the deployment's TargetVersion is ${JSON.stringify(target.targetVersion)}, not a published version number`);
  }
  return target;
}
