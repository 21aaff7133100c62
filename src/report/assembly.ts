/**
 * Reads a cloud assembly (`cdk.out`) with plain fs and JSON: manifest.json, the stack artifacts'
 * templates, their construct paths (the `aws:cdk:logicalId` metadata) and the acknowledged rule
 * ids (the `aws:cdk:acknowledged-rules` metadata), descending into nested assemblies (stages).
 */
import * as fs from 'fs';
import * as path from 'path';
import { CfnTemplateJson } from '../policy/template';

/** A problem with the input: the command prints the message and exits with 2. */
export class AssemblyError extends Error {}

/** One stack of the assembly. */
export interface AssemblyStack {
  readonly stackName: string;
  /** The artifact id (the construct path of the stack for top-level stacks). */
  readonly artifactId: string;
  /** The template file, relative to the assembly root directory. */
  readonly templateFile: string;
  readonly template: CfnTemplateJson;
  /** Construct path per logical id. */
  readonly paths: { [logicalId: string]: string };
}

/** An acknowledgement found in the assembly's metadata. */
export interface Acknowledgement {
  readonly reason: string;
  /** The construct path it was recorded on. */
  readonly at: string;
}

/** What the report needs from an assembly. */
export interface CloudAssembly {
  readonly directory: string;
  readonly stacks: AssemblyStack[];
  /** Acknowledged rule ids anywhere in the app (aws-cdk-lib matches them app-wide). */
  readonly acknowledged: { [ruleId: string]: Acknowledgement };
}

interface ManifestArtifact {
  readonly type?: string;
  readonly displayName?: string;
  readonly properties?: { [key: string]: any };
  readonly metadata?: { [path: string]: MetadataEntry[] };
  readonly additionalMetadataFile?: string;
}

interface MetadataEntry {
  readonly type: string;
  readonly data?: any;
}

/** Reads the assembly in `directory`. Throws {@link AssemblyError} with a message that says what to pass instead. */
export function readAssembly(directory: string): CloudAssembly {
  const dir = path.resolve(directory);
  if (!fs.existsSync(dir)) {
    throw new AssemblyError(`${directory}: no such file or directory. Pass the cloud assembly directory that \`cdk synth\` writes (cdk.out by default).`);
  }
  if (!fs.statSync(dir).isDirectory()) {
    throw new AssemblyError(`${directory} is a file, not a cloud assembly directory. Pass the directory that \`cdk synth\` writes (cdk.out by default), not a template.`);
  }
  if (!fs.existsSync(path.join(dir, 'manifest.json'))) {
    throw new AssemblyError(`${directory} is not a cloud assembly: it has no manifest.json. Run \`cdk synth\` (or app.synth()) and pass its output directory (cdk.out by default).`);
  }
  const stacks: AssemblyStack[] = [];
  const acknowledged: { [ruleId: string]: Acknowledgement } = {};
  readNested(dir, dir, stacks, acknowledged);
  return { directory: dir, stacks, acknowledged };
}

function readJson(file: string, what: string): any {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new AssemblyError(`cannot read ${what} ${file}: ${(e as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new AssemblyError(`${what} ${file} is not valid JSON: ${(e as Error).message}`);
  }
}

function readNested(root: string, dir: string, stacks: AssemblyStack[], acknowledged: { [ruleId: string]: Acknowledgement }): void {
  const manifest = readJson(path.join(dir, 'manifest.json'), 'the manifest');
  const artifacts = (manifest?.artifacts ?? {}) as { [id: string]: ManifestArtifact };
  if (typeof artifacts !== 'object') throw new AssemblyError(`${path.join(dir, 'manifest.json')} has no artifacts object: not a cloud assembly manifest.`);
  for (const [artifactId, artifact] of Object.entries(artifacts)) {
    if (artifact.type === 'cdk:cloud-assembly' && typeof artifact.properties?.directoryName === 'string') {
      readNested(root, path.join(dir, artifact.properties.directoryName), stacks, acknowledged);
      continue;
    }
    if (artifact.type !== 'aws:cloudformation:stack') continue;
    const templateName = artifact.properties?.templateFile;
    if (typeof templateName !== 'string') throw new AssemblyError(`stack artifact ${artifactId} in ${path.join(dir, 'manifest.json')} names no templateFile.`);
    const templatePath = path.join(dir, templateName);
    const template = readJson(templatePath, `the template of stack ${artifactId}`) as CfnTemplateJson;
    const metadata = stackMetadata(dir, artifact);
    const paths: { [logicalId: string]: string } = {};
    for (const [constructPath, entries] of Object.entries(metadata)) {
      for (const entry of entries ?? []) {
        if (entry.type === 'aws:cdk:logicalId' && typeof entry.data === 'string') paths[entry.data] = constructPath.replace(/^\//, '');
        if (entry.type === 'aws:cdk:acknowledged-rules' && typeof entry.data === 'object' && entry.data !== null) {
          for (const [id, reason] of Object.entries(entry.data)) acknowledged[id] = { reason: String(reason), at: constructPath.replace(/^\//, '') };
        }
      }
    }
    stacks.push({
      stackName: typeof artifact.properties?.stackName === 'string' ? artifact.properties.stackName : artifact.displayName ?? artifactId,
      artifactId,
      templateFile: path.relative(root, templatePath),
      template,
      paths,
    });
  }
}

function stackMetadata(dir: string, artifact: ManifestArtifact): { [path: string]: MetadataEntry[] } {
  if (artifact.additionalMetadataFile) {
    const file = path.join(dir, artifact.additionalMetadataFile);
    if (fs.existsSync(file)) return { ...(artifact.metadata ?? {}), ...readJson(file, 'the stack metadata') };
  }
  return artifact.metadata ?? {};
}
