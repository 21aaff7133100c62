import { assignZones, inCidr, zoneFromSubnets } from '../../../../src/verification/ecs-hook/handler/zones';

const subnets = [
  { cidr: '10.0.0.0/19', zone: 'eu-west-1a' },
  { cidr: '10.0.32.0/19', zone: 'eu-west-1b' },
  { cidr: '10.0.64.0/19', zone: 'eu-west-1c' },
];

describe('inCidr', () => {
  test.each([
    ['10.0.31.255', '10.0.0.0/19', true],
    ['10.0.32.0', '10.0.0.0/19', false],
    ['10.0.40.7', '10.0.32.0/19', true],
    ['127.0.0.2', '127.0.0.2/32', true],
    ['127.0.0.3', '127.0.0.2/32', false],
    ['192.168.1.1', '0.0.0.0/0', true],
    ['fd00::1', '10.0.0.0/8', false],
    ['10.0.0.1', '10.0.0.0/33', false],
    ['10.0.0.300', '10.0.0.0/8', false],
  ])('%s in %s: %s', (ip, cidr, expected) => {
    expect(inCidr(ip, cidr)).toBe(expected);
  });
});

describe('zoneFromSubnets', () => {
  test('the zone of the subnet holding the address', () => {
    expect(zoneFromSubnets('10.0.70.9', subnets)).toBe('eu-west-1c');
  });

  test('no zone outside every subnet, or when overlapping subnets disagree', () => {
    expect(zoneFromSubnets('10.1.0.1', subnets)).toBeUndefined();
    expect(zoneFromSubnets('10.0.0.1', [...subnets, { cidr: '10.0.0.0/16', zone: 'eu-west-1b' }])).toBeUndefined();
  });
});

describe('assignZones', () => {
  const target = (ip: string, zone?: string) => ({ ip, port: 8080, zone, state: 'healthy' });

  test('ELB first, then the subnet, then ECS; unknown stays unknown', () => {
    const tasks = new Map([['10.9.0.1', 'eu-west-1b']]);
    expect(assignZones([target('10.0.0.1', 'eu-west-1a'), target('10.0.40.1'), target('10.9.0.1'), target('10.8.0.1')], subnets, tasks)).toEqual([
      { ...target('10.0.0.1', 'eu-west-1a'), zoneSource: 'elb' },
      { ...target('10.0.40.1', 'eu-west-1b'), zoneSource: 'subnet' },
      { ...target('10.9.0.1', 'eu-west-1b'), zoneSource: 'ecs' },
      { ...target('10.8.0.1'), zoneSource: undefined },
    ]);
  });

  test("ELB's 'all' (a target outside the VPC) is no zone", () => {
    expect(assignZones([target('10.8.0.1', 'all')], subnets)).toEqual([{ ...target('10.8.0.1'), zoneSource: undefined }]);
  });
});
