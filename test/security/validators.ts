import * as fs from 'fs';
import * as path from 'path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks, ServerlessChecks } from 'cdk-nag';

/** One finding of the validation report, reduced to what a review compares. */
export interface Finding {
  /** Plugin that reported it (`AwsSolutions`, `cdk-validator-cfnguard`, ...). */
  readonly plugin: string;
  /** Rule id as reported, e.g. `AwsSolutions-IAM5[Resource::*]`. */
  readonly rule: string;
  /** Construct path of the violating resource. */
  readonly path: string;
  /** Whether an acknowledgement suppressed it, and where that acknowledgement sits. */
  readonly acknowledgedAt?: string;
}

/** The name of the validation report aws-cdk-lib writes into the cloud assembly. */
const REPORT_FILE = 'validation-report.json';

/**
 * Registers every rule pack the project checks against on `app`: the five cdk-nag 3 packs
 * (AWS Solutions, Serverless, NIST 800-53 R5, HIPAA Security, PCI DSS 3.2.1) and the Control
 * Tower proactive controls of the cfn-guard validator.
 */
export function addAllValidators(app: App): void {
  Validations.of(app).addPlugins(
    new AwsSolutionsChecks(app),
    new ServerlessChecks(app),
    new NIST80053R5Checks(app),
    new HIPAASecurityChecks(app),
    new PCIDSS321Checks(app),
  );
  Validations.of(app).addPlugins(new CfnGuardValidator({ maxBuffer: 64 * 1024 * 1024 }));
}

/**
 * Synthesizes `app` (whose plugins are registered) and returns every finding of its validation
 * report, the reported ones and the acknowledged ones. aws-cdk-lib writes the report before it
 * throws for failing rules, so a failing synthesis is read, not rethrown; any other error is.
 */
export function synthFindings(app: App): Finding[] {
  const outdir = app.outdir;
  let failure: unknown;
  try {
    app.synth();
  } catch (e) {
    failure = e;
  }
  const file = path.join(outdir, REPORT_FILE);
  if (!fs.existsSync(file)) {
    if (failure) throw failure;
    return [];
  }
  const report = JSON.parse(fs.readFileSync(file, 'utf8')) as { pluginReports: PluginReport[] };
  const findings: Finding[] = [];
  for (const r of report.pluginReports) {
    for (const v of r.violations) {
      for (const c of v.violatingConstructs) findings.push({ plugin: r.pluginName, rule: v.ruleName, path: c.constructPath });
    }
    for (const v of r.suppressedViolations ?? []) {
      for (const c of v.violatingConstructs) {
        findings.push({ plugin: r.pluginName, rule: v.ruleName, path: c.constructPath, acknowledgedAt: v.acknowledgedAt ?? '?' });
      }
    }
  }
  return findings;
}

interface PluginReport {
  readonly pluginName: string;
  readonly violations: Violation[];
  readonly suppressedViolations?: Array<Violation & { acknowledgedAt?: string }>;
}

interface Violation {
  readonly ruleName: string;
  readonly violatingConstructs: Array<{ constructPath: string }>;
}
