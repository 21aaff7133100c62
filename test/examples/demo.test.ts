import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildOrdersApp } from '../../examples/orders-app';
import { BlueGreenLambda, MultiAzService } from '../../src';
import { Owner, ownerOf } from '../security/ownership';
import { synthFindings } from '../security/validators';

describe('the demo app', () => {
  let outdir: string;
  beforeEach(() => {
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'orders-'));
  });
  afterEach(() => {
    fs.rmSync(outdir, { recursive: true, force: true });
  });

  test('AwsSolutionsChecks reports on the app\'s own resources only the finding it keeps visible, and on library resources only the reviewed findings', () => {
    const { app } = buildOrdersApp({ outdir });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { writeSuppressionsToCloudFormation: true }));
    const owner = ownerOf(app);
    const findings = synthFindings(app);
    // The full matrix (five packs and cfn-guard) is test/security/validator-matrix.test.ts.
    const reviewed = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'security', 'findings.json'), 'utf8')).demo.library as Record<string, string[]>;
    // The demo acknowledges plain ids only: the API Gateway CloudWatch role's managed-policy finding has a
    // per-finding id, which aws-cdk-lib would match across the whole app, so it stays reported.
    expect(findings.filter((f) => owner(f.path) === Owner.USER).map((f) => `${f.rule} ${f.path}`)).toEqual([
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs] Orders/OrdersRestApi/CloudWatchRole/Resource',
    ]);
    for (const f of findings.filter((x) => owner(x.path) === Owner.LIBRARY)) {
      expect(reviewed[`${f.plugin} | ${f.rule}`]).toContain(f.path.split('/').slice(1).join('/'));
    }
    expect(findings.filter((f) => f.acknowledgedAt !== undefined)).toEqual([]);
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
