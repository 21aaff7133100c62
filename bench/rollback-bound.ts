/**
 * The section "Rollback-time bound of the zero-config forms" of docs/performance.md, from the
 * report that `cdk-safe-deploy report` builds (src/report: readAssembly, buildReport) over the
 * synthesized zero-config assemblies. The bound is defined once, in src/report/timing.ts and
 * docs/report.md; this module only lays the report's figures out as a Markdown table.
 */
import { readAssembly } from '../src/report/assembly';
import { AlarmReport, FunctionReport, Report, ServiceReport, buildReport } from '../src/report/model';
import { boundText } from '../src/report/render';
import { humanSeconds } from '../src/report/timing';

/** One construct's row: its name, and the alias or service the report shows for it. */
export interface BoundRow {
  readonly construct: string;
  readonly target: FunctionReport | ServiceReport;
}

/** Reads the cloud assembly in `directory` and builds its report, as `cdk-safe-deploy report <directory>` does. */
export function reportOf(directory: string): Report {
  return buildReport(readAssembly(directory), directory);
}

/** The one Lambda alias (`kind` = `function`) or ECS service (`service`) of a report. */
export function onlyTarget(report: Report, kind: 'function' | 'service'): FunctionReport | ServiceReport {
  const targets = report.stacks.flatMap((s): Array<FunctionReport | ServiceReport> => (kind === 'function' ? s.functions : s.services));
  if (targets.length !== 1) throw new Error(`expected one ${kind === 'function' ? 'Lambda alias' : 'ECS service'} in ${report.assembly}, found ${targets.length}`);
  return targets[0];
}

/** Alarms grouped by timing: `3 alarms, 2 of 2 × 60 s → 3 min`. */
function alarmGroups(alarms: AlarmReport[]): string {
  const groups = new Map<string, number>();
  for (const a of alarms) {
    const key = a.detectionSeconds === undefined
      ? 'timing not in the template'
      : `${a.datapointsToAlarm} of ${a.evaluationPeriods} × ${a.periodSeconds} s → ${humanSeconds(a.detectionSeconds)}`;
    groups.set(key, (groups.get(key) ?? 0) + 1);
  }
  return [...groups.entries()].map(([key, n]) => `${n} alarm${n === 1 ? '' : 's'}, ${key}`).join('<br>') || 'none';
}

/** Markdown of the section (without its heading). */
export function rollbackSection(rows: BoundRow[]): string[] {
  const notes = rows.flatMap(({ construct, target }) => target.rollback.notes.map((n) => `- ${construct}: ${n}.`));
  return [
    'The worst-case time from a regression to the start of rollback, as `cdk-safe-deploy report` computes it for',
    'the synthesized zero-config assemblies (bench/rollback-bound.ts builds their report with src/report). The',
    'formula, what each term is read from and what it leaves out are in',
    '[report.md](report.md#the-worst-case-time-from-a-regression-to-the-start-of-rollback): S = time from the first',
    'production traffic to 100 %, D = the slowest rollback alarm, W = how long alarms still roll back after 100 %;',
    'worst case S + D, covered when D ≤ W. The bound starts at the first production traffic; the check before',
    'traffic runs while no production traffic reaches the new version, and a failing one starts rollback within',
    'its budget (last column).',
    '',
    '| Construct | Report target | Traffic plan | Rollback alarms (M of N × period → detection) | S | D | Worst case S + D | W | Covered | Failing check before traffic |',
    '| --- | --- | --- | --- | ---: | ---: | ---: | ---: | --- | ---: |',
    ...rows.map(({ construct, target: t }) => {
      const b = t.rollback;
      return `| ${construct} | \`${t.path}\` | ${t.trafficPlan.description} | ${alarmGroups(t.alarms)} `
        + `| ${humanSeconds(b.toFullTrafficSeconds)} | ${humanSeconds(b.detectionSeconds)} | **${humanSeconds(b.worstCaseSeconds)}** `
        + `| ${humanSeconds(b.watchAfterFullSeconds)} | ${b.covered} | ${humanSeconds(b.beforeTrafficSeconds)} |`;
    }),
    ...(notes.length > 0 ? ['', ...notes] : []),
    '',
    'The report\'s own lines for them (`cdk-safe-deploy report <assembly>`):',
    '',
    '```',
    ...rows.map(({ target: t }) => `${t.path}: regression -> rollback: ${boundText(t.rollback)}`),
    '```',
    '',
  ];
}

/** The constructs whose bound is not covered (a regression under full traffic can outlast the deployment). */
export function uncovered(rows: BoundRow[]): string[] {
  return rows.filter((r) => r.target.rollback.covered !== 'yes').map((r) => `${r.construct} (${r.target.path}): covered ${r.target.rollback.covered}`);
}
