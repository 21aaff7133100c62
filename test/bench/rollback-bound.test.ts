import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { BoundRow, onlyTarget, reportOf, rollbackSection, uncovered } from '../../bench/rollback-bound';
import { BlueGreenLambda, BlueGreenLambdaProps, MultiAzService } from '../../src';
import { boundText } from '../../src/report/render';
import { azContext } from '../support/app';

const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';

/** Synthesizes one stack defined by `define` into a fresh directory and returns the directory. */
function assembly(define: (stack: Stack) => void): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bound-'));
  const app = new App({ outdir, context: azContext(ACCOUNT, REGION, 3) });
  define(new Stack(app, 'Bench', { env: { account: ACCOUNT, region: REGION } }));
  app.synth();
  return outdir;
}

function lambdaRow(props: Partial<BlueGreenLambdaProps> = {}): BoundRow {
  const dir = assembly((stack) => new BlueGreenLambda(stack, 'Fn', {
    runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => 0;'), ...props,
  }));
  return { construct: 'BlueGreenLambda', target: onlyTarget(reportOf(dir), 'function') };
}

describe('rollback-time section of docs/performance.md', () => {
  test('shows the report\'s bound of the zero-config forms', () => {
    const fn = lambdaRow();
    const serviceDir = assembly((stack) => new MultiAzService(stack, 'Service', { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable') }));
    const service: BoundRow = { construct: 'MultiAzService', target: onlyTarget(reportOf(serviceDir), 'service') };

    // BlueGreenLambda: all at once (S = 0); alarms 2 of 2 x 60 s, D = 60 x (2 + 1) = 180 s; worst case
    // 0 + 180 = 180 s; the 5-minute bake W = 300 s >= 180 s; the pre-traffic hook's timeout is 900 s.
    expect(fn.target.rollback).toMatchObject({
      toFullTrafficSeconds: 0, detectionSeconds: 180, worstCaseSeconds: 180, watchAfterFullSeconds: 300, covered: 'yes', beforeTrafficSeconds: 900,
    });
    // MultiAzService: blue/green (S = 0); alarms 2 of 3 x 60 s, D = 60 x (2 + 1) = 180 s; worst case
    // 180 s; the 10-minute bake W = 600 s; the hook's zone gate healthyWithinSeconds is 600 s.
    expect(service.target.rollback).toMatchObject({
      toFullTrafficSeconds: 0, detectionSeconds: 180, worstCaseSeconds: 180, watchAfterFullSeconds: 600, covered: 'yes', beforeTrafficSeconds: 600,
    });

    const section = rollbackSection([fn, service]);
    const rows = section.filter((l) => l.startsWith('| BlueGreenLambda') || l.startsWith('| MultiAzService'));
    expect(rows).toEqual([
      '| BlueGreenLambda | `Bench/Fn/Alias` | all at once | 3 alarms, 2 of 2 × 60 s → 3 min | 0 s | 3 min | **3 min** | 5 min | yes | 15 min |',
      expect.stringMatching(/^\| MultiAzService \| `Bench\/Service\/Service\/Service` \| blue\/green: all production traffic in one step; bake 10 min \| \d+ alarms, 2 of 3 × 60 s → 3 min \| 0 s \| 3 min \| \*\*3 min\*\* \| 10 min \| yes \| 10 min \|$/),
    ]);
    // The report's own line, as the text report prints it.
    expect(section).toContain(`Bench/Fn/Alias: regression -> rollback: ${boundText(fn.target.rollback)}`);
    expect(section.join('\n')).toContain('report.md#the-worst-case-time-from-a-regression-to-the-start-of-rollback');
    expect(uncovered([fn, service])).toEqual([]);
  });

  test('names a construct whose alarms can outlast the bake', () => {
    // A 2-minute bake: W = 120 s < D = 180 s.
    const fn = lambdaRow({ bakeTime: Duration.minutes(2) });
    expect(fn.target.rollback).toMatchObject({ watchAfterFullSeconds: 120, covered: 'no' });
    expect(uncovered([fn])).toEqual(['BlueGreenLambda (Bench/Fn/Alias): covered no']);
    expect(rollbackSection([fn])).toContain('- BlueGreenLambda: the slowest alarm needs 180 s but alarms roll back for only 120 s after full traffic.');
  });
});
