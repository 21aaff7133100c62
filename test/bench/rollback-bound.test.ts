import { codeDeployPlanMinutes, lambdaRollbackBound } from '../../bench/rollback-bound';

describe('rollback-time bound', () => {
  test('reads the duration of CodeDeploy predefined Lambda configurations', () => {
    // Names from the CodeDeploy user guide, "Predefined deployment configurations for an AWS Lambda compute platform".
    expect(codeDeployPlanMinutes('CodeDeployDefault.LambdaAllAtOnce')).toBe(0);
    expect(codeDeployPlanMinutes('CodeDeployDefault.LambdaCanary10Percent5Minutes')).toBe(5);
    expect(codeDeployPlanMinutes('CodeDeployDefault.LambdaLinear10PercentEvery1Minute')).toBe(9);
    expect(codeDeployPlanMinutes('CodeDeployDefault.LambdaLinear10PercentEvery3Minutes')).toBe(27);
    expect(() => codeDeployPlanMinutes('Custom')).toThrow(/unknown deployment configuration Custom/);
  });

  test('adds the hook budget, the plan and the slowest alarm', () => {
    // AWS::CloudWatch::Alarm (Period, EvaluationPeriods, DatapointsToAlarm, Metrics[].MetricStat.Period),
    // AWS::CodeDeploy::DeploymentGroup (DeploymentConfigName, AlarmConfiguration.Alarms[].Name) and the
    // CodeDeployLambdaAliasUpdate UpdatePolicy (BeforeAllowTrafficHook), per the CloudFormation reference.
    const resources = {
      FnAlarmsErrorRate1234ABCD: { Type: 'AWS::CloudWatch::Alarm', Properties: { EvaluationPeriods: 3, DatapointsToAlarm: 2, Metrics: [{ Id: 'e' }, { Id: 'i', MetricStat: { Period: 60 } }] } },
      FnAlarmsLatency1234ABCD: { Type: 'AWS::CloudWatch::Alarm', Properties: { Period: 120, EvaluationPeriods: 2 } },
      Group: {
        Type: 'AWS::CodeDeploy::DeploymentGroup',
        Properties: {
          DeploymentConfigName: 'CodeDeployDefault.LambdaCanary10Percent5Minutes',
          AlarmConfiguration: { Alarms: [{ Name: { Ref: 'FnAlarmsErrorRate1234ABCD' } }, { Name: { Ref: 'FnAlarmsLatency1234ABCD' } }] },
        },
      },
      Alias: { Type: 'AWS::Lambda::Alias', UpdatePolicy: { CodeDeployLambdaAliasUpdate: { BeforeAllowTrafficHook: { Ref: 'Hook' } } } },
      Hook: { Type: 'AWS::Lambda::Function', Properties: { Timeout: 300 } },
    };
    const bound = lambdaRollbackBound(resources, 60);
    expect(bound.alarms).toEqual([
      { name: 'ErrorRate', periodSeconds: 60, evaluationPeriods: 3, datapointsToAlarm: 2 },
      { name: 'Latency', periodSeconds: 120, evaluationPeriods: 2, datapointsToAlarm: 2 },
    ]);
    expect(bound).toMatchObject({
      detectionSeconds: 240, hookSeconds: 300, planSeconds: 300, bakeSeconds: 60, boundSeconds: 840, failedVerificationSeconds: 300,
    });
  });
});
