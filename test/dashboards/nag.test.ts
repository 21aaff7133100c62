import { App, Stack } from 'aws-cdk-lib';
import { blueGreen } from '../blue-green-lambda/support';
import { orders } from '../multi-az-service/support';
import { addAllValidators, synthFindings } from '../security/validators';
import { envStack } from '../support/app';

test('the dashboards add no finding of any cdk-nag pack or cfn-guard rule, reported or acknowledged', () => {
  const stack: Stack = envStack(3);
  const app = stack.node.root as App;
  addAllValidators(app);
  const api = blueGreen({ dashboard: true }, stack);
  const service = orders(stack, { dashboard: true });
  const findings = synthFindings(app);
  // The stack does have findings elsewhere (documented in docs/security.md), so the validators ran.
  expect(findings.length).toBeGreaterThan(0);
  const dashboardPaths = [api.node.findChild('Dashboard').node.path, service.node.findChild('Dashboard').node.path];
  const paths = findings.map((f) => f.path.replace(/^\//, ''));
  // Paths are construct paths from the stack down (the format the filter below relies on).
  expect(paths.some((p) => p.startsWith(`${stack.node.path}/Orders/`))).toBe(true);
  expect(paths.filter((p) => dashboardPaths.some((d) => p === d || p.startsWith(`${d}/`)))).toEqual([]);
});
