import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildOrdersApp } from '../../examples/orders-app';
import { BlueGreenLambda, MultiAzService } from '../../src';

describe('the demo app', () => {
  let outdir: string;
  beforeEach(() => {
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'orders-'));
  });
  afterEach(() => {
    fs.rmSync(outdir, { recursive: true, force: true });
  });

  test('passes AwsSolutionsChecks with no unacknowledged finding, each acknowledgement with its reason', () => {
    const { app, stacks } = buildOrdersApp({ outdir });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { writeSuppressionsToCloudFormation: true }));
    // synth() throws with the report if any rule finds an unacknowledged error or warning.
    const assembly = app.synth();
    const template = assembly.getStackByName(stacks[0].stackName).template as { Resources: Record<string, any> };
    const suppressions = Object.values(template.Resources)
      .flatMap((r) => (r.Metadata?.cdk_nag?.rules_to_suppress ?? []) as Array<{ id: string; reason: string }>);
    expect(suppressions.length).toBeGreaterThan(0);
    for (const s of suppressions) {
      expect(s.reason.trim().length).toBeGreaterThan(20);
    }
  });

  test('describes each construct at deploy time', () => {
    const { stacks } = buildOrdersApp({ outdir });
    const found = stacks[0].node.findAll();
    const api = found.find((c): c is BlueGreenLambda => c instanceof BlueGreenLambda)!;
    const service = found.find((c): c is MultiAzService => c instanceof MultiAzService)!;
    expect(api.describeDeployment()).toMatch(/check 'health'/);
    expect(api.describeDeployment()).toMatch(/on deployment failure, on alarm, on manual stop/);
    expect(service.describeDeployment()).toMatch(/zones \(3\): eu-west-1a, eu-west-1b, eu-west-1c/);
    expect(service.describeDeployment()).toMatch(/baseline 4 task\(s\) -> 6 running \(2 per zone\)/);
  });
});
