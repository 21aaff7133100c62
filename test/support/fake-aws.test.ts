import { DescribeTargetHealthCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { FakeAws, queryError, queryXml, sequence } from './fake-aws';

let fake: FakeAws;
beforeAll(async () => {
  fake = await FakeAws.start();
});
afterAll(() => fake.close());

function elbv2(): ElasticLoadBalancingV2Client {
  return new ElasticLoadBalancingV2Client({
    endpoint: fake.url, region: 'eu-west-1', maxAttempts: 1, credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
}

test('answers query-protocol operations by Action, in sequence, and logs the form input', async () => {
  fake.on('DescribeTargetHealth', sequence(
    queryError('Throttling', 'Rate exceeded'),
    queryXml('DescribeTargetHealth', '<TargetHealthDescriptions><member><Target><Id>10.0.0.1</Id><Port>80</Port></Target>'
      + '<TargetHealth><State>healthy</State></TargetHealth></member></TargetHealthDescriptions>'),
  ));
  const client = elbv2();
  const command = new DescribeTargetHealthCommand({ TargetGroupArn: 'arn:tg' });

  await expect(client.send(command)).rejects.toMatchObject({ name: 'Throttling' });
  const result = await client.send(command);

  expect(result.TargetHealthDescriptions).toEqual([{ Target: { Id: '10.0.0.1', Port: 80 }, TargetHealth: { State: 'healthy' } }]);
  expect(fake.calls('DescribeTargetHealth').map((r) => r.input.TargetGroupArn)).toEqual(['arn:tg', 'arn:tg']);
  client.destroy();
});

test('an operation without a handler is answered with an error naming it', async () => {
  fake.reset();
  const client = elbv2();
  await expect(client.send(new DescribeTargetHealthCommand({ TargetGroupArn: 'arn:tg' }))).rejects.toThrow(/no fake handler for DescribeTargetHealth/);
  client.destroy();
});
