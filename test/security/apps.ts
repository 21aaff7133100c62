import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { buildOrdersApp } from '../../examples/orders-app';
import { BlueGreenLambda, CheckPhase, MultiAzService, TrafficShift } from '../../src';
import { azContext } from '../support/app';

/** A fresh temporary cloud-assembly directory. */
export function tempOutdir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'security-'));
}

/** The demo app (examples/orders-app.ts), in a fresh assembly directory. */
export function demoApp(): App {
  return buildOrdersApp({ outdir: tempOutdir() }).app;
}

/** Account and region of the all-options app. */
export const ACCOUNT = '123456789012';
export const REGION = 'eu-west-1';
/** ARN of the regional web ACL the all-options service is associated with (made up: the association takes an ARN). */
export const WEB_ACL_ARN = `arn:aws:wafv2:${REGION}:${ACCOUNT}:regional/webacl/orders/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111`;

/**
 * An app with every security option of both constructs turned on: HTTPS through a domain,
 * access logs, deletion protection, a web ACL, a non-root read-only container with writable
 * paths, log retention; an internal rolling worker with a certificate of its own, access logs
 * and the web ACL; and a BlueGreenLambda with its own role and logs, a verification function and
 * the hook log retention.
 */
export function allOptionsApp(): { app: App; stack: Stack } {
  const app = new App({
    outdir: tempOutdir(),
    context: { '@aws-cdk/core:validateAgainstDefaultRules': true, ...azContext(ACCOUNT, REGION, 3) },
  });
  const stack = new Stack(app, 'AllOptions', { env: { account: ACCOUNT, region: REGION } });
  const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' });
  const accessLogs = new s3.Bucket(stack, 'AccessLogs', {
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    versioned: true,
  });
  new MultiAzService(stack, 'Orders', {
    image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable'),
    containerPort: 8080,
    healthCheckPath: '/health',
    domainName: 'orders.example.com',
    hostedZone: zone,
    accessLogBucket: accessLogs,
    deletionProtection: true,
    webAclArn: WEB_ACL_ARN,
    containerUser: '101:101',
    readonlyRootFilesystem: true,
    writablePaths: ['/tmp', '/var/cache/nginx', '/var/run'],
    logRetention: logs.RetentionDays.TWO_YEARS,
    restrictDefaultSecurityGroup: true,
    trafficShift: TrafficShift.canary(10, Duration.minutes(5)),
    zonalAutoshift: {},
    dashboard: true,
    zoneLossExperiments: {},
    notifications: {},
    zonalShiftOnOutlier: { expiresIn: Duration.minutes(30) },
  });
  new MultiAzService(stack, 'Worker', {
    image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable'),
    internetFacing: false,
    rolling: true,
    certificate: acm.Certificate.fromCertificateArn(stack, 'WorkerCertificate', `arn:aws:acm:${REGION}:${ACCOUNT}:certificate/12345678-1234-1234-1234-123456789012`),
    accessLogBucket: accessLogs,
    webAclArn: WEB_ACL_ARN,
    containerUser: '101',
    readonlyRootFilesystem: true,
    writablePaths: ['/tmp'],
    deletionProtection: true,
  });

  const verifierRole = new iam.Role(stack, 'VerifierRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  const verifierLogs = new logs.LogGroup(stack, 'VerifierLogs', { retention: logs.RetentionDays.TWO_YEARS });
  verifierLogs.grantWrite(verifierRole);
  const fnProps = {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });'),
  };
  const verifier = new lambda.Function(stack, 'Verifier', { ...fnProps, role: verifierRole, logGroup: verifierLogs });
  const apiRole = new iam.Role(stack, 'ApiRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  const apiLogs = new logs.LogGroup(stack, 'ApiLogs', { retention: logs.RetentionDays.TWO_YEARS });
  apiLogs.grantWrite(apiRole);
  new BlueGreenLambda(stack, 'Api', {
    ...fnProps,
    role: apiRole,
    logGroup: apiLogs,
    timeout: Duration.seconds(10),
    hookLogRetention: logs.RetentionDays.TWO_YEARS,
    checks: [{ name: 'health', payload: { path: '/health' }, expectStatusCode: 200 }],
    verificationFunctions: [{ name: 'e2e', function: verifier, phase: CheckPhase.AFTER_TRAFFIC }],
    dashboard: true,
    notifications: {},
  });
  return { app, stack };
}
