import { Stack } from 'aws-cdk-lib';
import { chooseZones, ZoneSource } from '../../src/multi-az-service/zones';

const SIX = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c', 'eu-west-1d', 'eu-west-1e', 'eu-west-1f'];

describe('chooseZones', () => {
  test('takes three zones by default', () => {
    expect(chooseZones(undefined, SIX, ZoneSource.STACK)).toEqual({ zones: SIX.slice(0, 3) });
  });

  test('takes all six when asked', () => {
    expect(chooseZones(6, SIX, ZoneSource.STACK).zones).toEqual(SIX);
  });

  test('falls back to the two token zones of an environment-agnostic stack, with a warning', () => {
    const tokens = new Stack().availabilityZones;
    const choice = chooseZones(undefined, tokens, ZoneSource.STACK);
    expect(choice.zones).toEqual(tokens);
    expect(choice.warning).toMatch(/environment-agnostic.*spans 2 zones.*env: \{ account, region \}/);
  });

  test('falls back to a two-zone region by default, with a warning', () => {
    const choice = chooseZones(undefined, SIX.slice(0, 2), ZoneSource.STACK);
    expect(choice.zones).toEqual(SIX.slice(0, 2));
    expect(choice.warning).toMatch(/only 2 Availability Zones.*Set zones: 2/);
  });

  test('ignores duplicate candidates', () => {
    expect(chooseZones(2, ['a', 'a', 'b'], ZoneSource.VPC).zones).toEqual(['a', 'b']);
  });

  test('fails when zones is below 2', () => {
    expect(() => chooseZones(1, SIX, ZoneSource.STACK)).toThrow(/zones must be a whole number of at least 2.*got 1/);
  });

  test('fails when zones is not whole', () => {
    expect(() => chooseZones(2.5, SIX, ZoneSource.STACK)).toThrow(/got 2.5/);
  });

  test('fails when more zones are asked than the region shows', () => {
    expect(() => chooseZones(4, SIX.slice(0, 3), ZoneSource.STACK)).toThrow(/zones is 4 but the stack's region shows only 3/);
  });

  test('fails when a vpc spans fewer zones than the default', () => {
    expect(() => chooseZones(undefined, SIX.slice(0, 2), ZoneSource.VPC)).toThrow(/zones is 3 but the vpc has private subnets in only 2.*or lower zones/);
  });

  test('fails when a vpc spans one zone', () => {
    expect(() => chooseZones(2, ['eu-west-1a'], ZoneSource.VPC)).toThrow(/only 1 Availability Zone\(s\) \(eu-west-1a\)/);
  });
});
