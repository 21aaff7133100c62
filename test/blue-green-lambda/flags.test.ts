import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { blueGreen, FUNCTION_PROPS, resourceOf } from './support';
import { BlueGreenLambdaProps } from '../../src/blue-green-lambda';
import { envStack } from '../support/app';

const LAYER_FLAG = '@aws-cdk/aws-lambda:recognizeLayerVersion';
const VERSION_PROPS_FLAG = '@aws-cdk/aws-lambda:recognizeVersionProps';
const ALARMS_FLAG = '@aws-cdk/aws-codedeploy:removeAlarmsFromDeploymentGroup';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function layerDir(content: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layer-'));
  dirs.push(dir);
  fs.mkdirSync(path.join(dir, 'nodejs'));
  fs.writeFileSync(path.join(dir, 'nodejs', 'lib.js'), content);
  return dir;
}

/** Synthesizes a stack whose function uses a layer with `content`; returns the version logical ID. */
function versionWithLayer(content: string, flags: Record<string, unknown>, plain = false): string {
  const stack = envStack(3, {}, flags);
  const layer = new lambda.LayerVersion(stack, 'Layer', { code: lambda.Code.fromAsset(layerDir(content)) });
  const prefix = plain ? 'PlainCurrentVersion' : 'ApiFunctionCurrentVersion';
  if (plain) {
    const fn = new lambda.Function(stack, 'Plain', { ...FUNCTION_PROPS, layers: [layer] });
    expect(fn.currentVersion.node.id).toBe('CurrentVersion');
  } else {
    blueGreen({ layers: [layer] }, stack);
  }
  return resourceOf(Template.fromStack(stack), 'AWS::Lambda::Version', prefix).id;
}

describe('a layer change publishes a new version whatever the flags (issue point 13)', () => {
  test('without recognizeLayerVersion, aws-cdk-lib alone keeps the same version (the gap)', () => {
    expect(versionWithLayer('v1', { [LAYER_FLAG]: false }, true)).toBe(versionWithLayer('v2', { [LAYER_FLAG]: false }, true));
  });

  test.each([false, true])('BlueGreenLambda with recognizeLayerVersion=%s publishes a new version', (flag) => {
    const before = versionWithLayer('v1', { [LAYER_FLAG]: flag });
    expect(versionWithLayer('v1', { [LAYER_FLAG]: flag })).toBe(before);
    expect(versionWithLayer('v2', { [LAYER_FLAG]: flag })).not.toBe(before);
  });

  test('a layer added after construction counts too', () => {
    const ids = ['v1', 'v2'].map((content) => {
      const stack = envStack(3, {}, { [LAYER_FLAG]: false });
      const api = blueGreen({}, stack);
      api.function.addLayers(new lambda.LayerVersion(stack, 'Layer', { code: lambda.Code.fromAsset(layerDir(content)) }));
      return resourceOf(Template.fromStack(stack), 'AWS::Lambda::Version', 'ApiFunctionCurrentVersion').id;
    });
    expect(ids[1]).not.toBe(ids[0]);
  });
});

describe('fresh alarms per version (issue point 6)', () => {
  function alarms(props: Partial<BlueGreenLambdaProps>, flags: Record<string, unknown> = {}) {
    const stack = envStack(3, {}, flags);
    blueGreen(props, stack);
    const t = Template.fromStack(stack);
    return {
      version: resourceOf(t, 'AWS::Lambda::Version', 'ApiFunctionCurrentVersion').id,
      alarms: Object.entries(t.findResources('AWS::CloudWatch::Alarm')).map(([id, r]) => ({ id, name: JSON.stringify(r.Properties.AlarmName) })),
    };
  }
  const v1 = { code: lambda.Code.fromInline('exports.handler = async () => 1;') };
  const v2 = { code: lambda.Code.fromInline('exports.handler = async () => 2;') };

  test('a new version gets new alarm logical IDs and names', () => {
    const a = alarms(v1);
    const b = alarms(v2);
    expect(b.version).not.toBe(a.version);
    for (let i = 0; i < 3; i++) {
      expect(b.alarms[i].id).not.toBe(a.alarms[i].id);
      expect(b.alarms[i].name).not.toBe(a.alarms[i].name);
    }
  });

  test('the same version keeps its alarms (deterministic)', () => {
    expect(alarms(v1)).toEqual(alarms(v1));
  });

  test('a change that is not version-locked (reserved concurrency) keeps version and alarms', () => {
    const flags = { [VERSION_PROPS_FLAG]: true };
    expect(alarms({ ...v1, reservedConcurrentExecutions: 5 }, flags)).toEqual(alarms(v1, flags));
  });

  test.each([false, true])('recognizeVersionProps=%s: a change of the checks is version-locked (new version, fresh alarms)', (flag) => {
    const flags = { [VERSION_PROPS_FLAG]: flag };
    const a = alarms(v1, flags);
    const b = alarms({ ...v1, checks: [{ name: 'health' }] }, flags);
    expect(b.version).not.toBe(a.version);
    expect(b.alarms.map((x) => x.id)).not.toEqual(a.alarms.map((x) => x.id));
  });
});

describe('removed alarms leave the deployment group whatever the flags (issue point 13)', () => {
  function alarmConfiguration(flag: boolean, withExtra: boolean, ignoreAlarms = false): any {
    const stack = envStack(3, {}, { [ALARMS_FLAG]: flag });
    const api = blueGreen(ignoreAlarms ? { breakGlass: { reason: 'test', ignoreAlarms } } : {}, stack);
    if (withExtra) {
      api.addAlarm(cloudwatch.Alarm.fromAlarmName(stack, 'Extra', 'team-slo-burn'));
    }
    return Stack.of(api).resolve(resourceOf(Template.fromStack(stack), 'AWS::CodeDeploy::DeploymentGroup', 'ApiDeploymentGroup').resource.Properties.AlarmConfiguration);
  }

  test.each([false, true])('removeAlarmsFromDeploymentGroup=%s: an alarm removed from the code is gone from the group', (flag) => {
    expect(alarmConfiguration(flag, true).Alarms).toContainEqual({ Name: 'team-slo-burn' });
    const after = alarmConfiguration(flag, false);
    expect(after.Alarms).toHaveLength(3);
    expect(after.Alarms).not.toContainEqual({ Name: 'team-slo-burn' });
    expect(after.Enabled).toBe(true);
  });

  test.each([false, true])('removeAlarmsFromDeploymentGroup=%s: break-glass ignoreAlarms disables the alarm check', (flag) => {
    expect(alarmConfiguration(flag, false, true)).toMatchObject({ Enabled: false });
  });

  test('both flag values render the same alarm configuration', () => {
    expect(alarmConfiguration(false, false)).toEqual(alarmConfiguration(true, false));
  });
});
