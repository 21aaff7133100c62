import { Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import {
  alarmArnEnvironment,
  alarmArnLength,
  anyOfRuleLength,
  MAX_COMPOSITE_ALARM_RULE_LENGTH,
  validateBlockedDates,
  validateBlockedWindows,
  validateCompositeRuleLength,
  validatePracticeRunAlarms,
} from '../../src/resilience/practice-run';
import { agnosticStack } from '../support/app';

describe('practice-run alarms', () => {
  test('accepts 1 to 100 outcome alarms and up to 100 blocking alarms', () => {
    expect(() => validatePracticeRunAlarms(1, 1)).not.toThrow();
    expect(() => validatePracticeRunAlarms(100, 100)).not.toThrow();
  });

  test('fails when there is no outcome alarm', () => {
    expect(() => validatePracticeRunAlarms(0, 1)).toThrow(/outcomeAlarms must list between 1 and 100 alarms .* got 0/);
  });

  test('fails when there are more than 100 outcome alarms', () => {
    expect(() => validatePracticeRunAlarms(101, 1)).toThrow(/outcomeAlarms must list between 1 and 100 alarms .* got 101/);
  });

  test('fails when more than 99 extra blocking alarms are given', () => {
    expect(() => validatePracticeRunAlarms(3, 101)).toThrow(/blockingAlarms may list at most 99 alarms .* got 100; combine some into a composite alarm/);
  });
});

describe('blocked dates', () => {
  test('accepts calendar dates and tokens', () => {
    expect(() => validateBlockedDates(['2026-12-24', '2028-02-29', Token.asString({ Ref: 'Date' })])).not.toThrow();
  });

  test('fails when more than 15 dates are given', () => {
    const dates = Array.from({ length: 16 }, (_, i) => `2026-12-${String(i + 1).padStart(2, '0')}`);
    expect(() => validateBlockedDates(dates.slice(0, 15))).not.toThrow();
    expect(() => validateBlockedDates(dates)).toThrow(/blockedDates may list at most 15 entries .* got 16/);
  });

  test.each(['2026-02-30', '2027-02-29', '2026-13-01', '26-12-24', '2026/12/24', '2026-12-24T00:00', ''])('fails when a date is %p', (date) => {
    expect(() => validateBlockedDates([date])).toThrow(new RegExp(`blockedDates must be calendar dates written YYYY-MM-DD \\(UTC\\), got '${date}'`));
  });
});

describe('blocked windows', () => {
  test('accepts Day:HH:MM-Day:HH:MM windows and tokens', () => {
    expect(() => validateBlockedWindows(['Fri:16:00-Mon:08:00', 'Sun:00:00-Sun:23:59', Token.asString({ Ref: 'Window' })])).not.toThrow();
  });

  test('fails when more than 15 windows are given', () => {
    expect(() => validateBlockedWindows(Array(15).fill('Fri:16:00-Mon:08:00'))).not.toThrow();
    expect(() => validateBlockedWindows(Array(16).fill('Fri:16:00-Mon:08:00'))).toThrow(/blockedWindows may list at most 15 entries .* got 16/);
  });

  test.each(['Friday:16:00-Mon:08:00', 'Fri:24:00-Mon:08:00', 'Fri:16:60-Mon:08:00', 'fri:16:00-mon:08:00', 'Fri 16:00-Mon 08:00', 'Fri:16:00'])(
    'fails when a window is %p', (window) => {
      expect(() => validateBlockedWindows([window])).toThrow(/blockedWindows must be written Day:HH:MM-Day:HH:MM in UTC with days Mon..Sun, got/);
    });
});

describe('composite alarm rule length as deployed', () => {
  test('a concrete region and account give the exact ARN length', () => {
    const env = alarmArnEnvironment('eu-west-1', '123456789012');
    expect(env).toEqual({ partitionLength: 3, regionLength: 9, accountLength: 12 });
    expect(alarmArnLength(env, 'orders'.length)).toBe('arn:aws:cloudwatch:eu-west-1:123456789012:alarm:orders'.length);
  });

  test('an environment-agnostic stack counts the longest partition and region aws-cdk-lib knows', () => {
    const env = alarmArnEnvironment(Token.asString({ Ref: 'AWS::Region' }), undefined);
    expect(env.partitionLength).toBe('aws-us-gov'.length);
    expect(env.regionLength).toBeGreaterThanOrEqual('us-isof-south-1'.length);
    expect(env.accountLength).toBe(12);
  });

  test('an unknown name counts at 255 characters', () => {
    const env = alarmArnEnvironment('us-east-1', '123456789012');
    expect(alarmArnLength(env)).toBe(alarmArnLength(env, 255));
  });

  test('the rule length matches what AlarmRule.anyOf renders', () => {
    const stack = agnosticStack();
    const arns = ['arn:aws:cloudwatch:eu-west-1:123456789012:alarm:a', 'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:bb', 'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:ccc'];
    const alarms = arns.map((arn, i) => cloudwatch.Alarm.fromAlarmArn(stack, `A${i}`, arn));
    const rendered = cloudwatch.AlarmRule.anyOf(...alarms).renderAlarmRule();
    expect(anyOfRuleLength(arns.map((a) => a.length))).toBe(rendered.length);
  });

  test('accepts a rule of exactly 10,240 characters', () => {
    // (ALARM("x") OR ...): 2 + n × (9 + arn) + 4 × (n - 1); one ARN of 10229 characters fills it
    expect(anyOfRuleLength([MAX_COMPOSITE_ALARM_RULE_LENGTH - 11])).toBe(MAX_COMPOSITE_ALARM_RULE_LENGTH);
    expect(() => validateCompositeRuleLength('outcomeAlarms', 'X', [MAX_COMPOSITE_ALARM_RULE_LENGTH - 11], 0)).not.toThrow();
  });

  test('fails when the rule exceeds 10,240 characters', () => {
    expect(() => validateCompositeRuleLength('outcomeAlarms', 'X', [MAX_COMPOSITE_ALARM_RULE_LENGTH - 10], 1))
      .toThrow(/outcomeAlarms: the rule of the composite alarm X over 1 alarms can reach 10241 characters once deployed \(each alarm by its full ARN, 1 of them without a literal alarmName/);
  });
});
