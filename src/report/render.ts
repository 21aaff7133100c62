/**
 * Renders the report: aligned text tables for people, Markdown for a pull-request comment, JSON
 * for CI. Pure functions from the model to a string.
 */
import { AlarmReport, FunctionReport, Report, ReportFinding, ServiceReport, StackReport } from './model';
import { RollbackBound, humanSeconds } from './timing';

/** Text of a bound: `<= 3 min (to 100%: 0 s + slowest alarm: 3 min); watched 5 min after 100%: yes`. */
export function boundText(b: RollbackBound): string {
  const worst = b.worstCaseSeconds !== undefined ? `<= ${humanSeconds(b.worstCaseSeconds)}` : '?';
  const parts = `to 100% ${humanSeconds(b.toFullTrafficSeconds)} + slowest alarm ${humanSeconds(b.detectionSeconds)}`;
  const covered = `alarms act ${humanSeconds(b.watchAfterFullSeconds)} after 100%: ${b.covered === 'yes' ? 'covered' : b.covered === 'no' ? 'NOT covered' : 'unknown'}`;
  return `${worst} (${parts}; ${covered})`;
}

function alarmText(a: AlarmReport): string {
  if (a.detectionSeconds === undefined) return `${a.name} (timing not in the template)`;
  return `${a.name}: ${a.datapointsToAlarm} of ${a.evaluationPeriods} x ${a.periodSeconds} s -> ${humanSeconds(a.detectionSeconds)}`;
}

function capacityText(s: ServiceReport): string {
  if (s.minTasks === undefined) return `? (${s.capacitySource})`;
  return s.tasksAfterZoneLoss === undefined ? `${s.minTasks} min, zones unknown` : `${s.minTasks} -> ${s.tasksAfterZoneLoss}`;
}

/** Aligns rows into columns separated by two spaces. */
function table(header: string[], rows: string[][], indent = '  '): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => indent + r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

function findingStatus(f: ReportFinding): string {
  return f.acknowledgedReason !== undefined ? `${f.severity} (acknowledged)` : f.severity;
}

function summary(r: Report): string {
  const t = r.totals;
  return `${t.errors} error(s), ${t.warnings} warning(s), ${t.infos} info(s), ${t.acknowledged} acknowledged`;
}

/** The report as text tables. */
export function renderText(r: Report): string {
  const out: string[] = [`cdk-safe-deploy report: ${r.assembly} (${r.stacks.length} stack(s), default tier ${r.defaultTier})`];
  for (const s of r.stacks) {
    out.push('', `Stack ${s.stackName} (${s.templateFile}${s.tier ? `, tier ${s.tier}` : ''})`);
    if (s.functions.length > 0) {
      out.push('', '  Lambda aliases');
      out.push(...table(['ALIAS', 'TIER', 'ZONES', 'TRAFFIC PLAN', 'REGRESSION -> ROLLBACK'],
        s.functions.map((f) => [`${f.path} (${f.alias})`, f.tier, f.zones.join(', '), f.trafficPlan.description, boundText(f.rollback)]), '    '));
      for (const f of s.functions) out.push(...details(f.path, f.beforeTraffic, f.afterTraffic, f.alarms, f.rollback));
    }
    if (s.services.length > 0) {
      out.push('', '  ECS services');
      out.push(...table(['SERVICE', 'TIER', 'ZONES', 'TASKS -> AFTER ZONE LOSS', 'TRAFFIC PLAN', 'REGRESSION -> ROLLBACK'],
        s.services.map((v) => [v.path, v.tier, `${v.zones.length}: ${v.zones.join(', ') || 'none'}`, capacityText(v), v.trafficPlan.description, boundText(v.rollback)]), '    '));
      for (const v of s.services) out.push(...details(v.path, v.beforeTraffic, v.afterTraffic, v.alarms, v.rollback, `capacity: ${v.capacitySource}`));
    }
    if (s.functions.length === 0 && s.services.length === 0) out.push('  no Lambda alias that takes traffic and no ECS service');
    out.push('', `  Findings (${s.findings.length})`);
    if (s.findings.length === 0) out.push('    none');
    for (const f of s.findings) {
      out.push(`    ${findingStatus(f).toUpperCase()} [${f.tier}] ${f.ruleId}`);
      out.push(`      ${f.message}`);
      out.push(`      fix: ${f.fix}`);
      out.push(f.acknowledgedReason !== undefined
        ? `      acknowledged: ${f.acknowledgedReason}`
        : `      to accept it for this resource only: Validations.of(<scope>).acknowledge({ id: '${f.acknowledgeId}', reason: '...' })`);
    }
  }
  out.push('', `Total: ${summary(r)}`);
  return out.join('\n') + '\n';
}

function details(name: string, before: string[], after: string[], alarms: AlarmReport[], b: RollbackBound, extra?: string): string[] {
  const out = ['', `    ${name}`];
  if (extra) out.push(`      ${extra}`);
  out.push(`      before traffic: ${before.length > 0 ? before.join('; ') : 'no checks'}`);
  out.push(`      after traffic:  ${after.length > 0 ? after.join('; ') : 'no checks'}`);
  out.push(`      rollback alarms (${alarms.length}):${alarms.length === 0 ? ' none' : ''}`);
  for (const a of alarms) out.push(`        - ${alarmText(a)}`);
  if (b.beforeTrafficSeconds !== undefined) out.push(`      a failing check before traffic starts rollback within ${humanSeconds(b.beforeTrafficSeconds)}`);
  out.push(`      regression -> rollback: ${boundText(b)}`);
  for (const n of b.notes) out.push(`        note: ${n}`);
  return out;
}

function md(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function mdTable(header: string[], rows: string[][]): string[] {
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(md).join(' | ')} |`)];
}

/** The report as Markdown, for a pull-request comment. */
export function renderMarkdown(r: Report): string {
  const icon = r.totals.errors > 0 ? ':x:' : r.totals.warnings > 0 ? ':warning:' : ':white_check_mark:';
  const out: string[] = [`## ${icon} cdk-safe-deploy report`, '', `\`${r.assembly}\`: ${r.stacks.length} stack(s), default tier \`${r.defaultTier}\`; ${summary(r)}.`];
  for (const s of r.stacks) out.push(...markdownStack(s));
  return out.join('\n') + '\n';
}

function markdownStack(s: StackReport): string[] {
  const out = ['', `### Stack \`${s.stackName}\`${s.tier ? ` (tier \`${s.tier}\`)` : ''}`];
  if (s.functions.length > 0) {
    out.push('', '**Lambda aliases**', '');
    out.push(...mdTable(['Alias', 'Tier', 'Zones', 'Traffic plan', 'Before traffic', 'After traffic', 'Rollback alarms', 'Regression → rollback'],
      s.functions.map((f: FunctionReport) => [`\`${f.path}\` (${f.alias})`, f.tier, f.zones.join(', '), f.trafficPlan.description, f.beforeTraffic.join('<br>') || 'none', f.afterTraffic.join('<br>') || 'none',
        f.alarms.map(alarmText).join('<br>') || 'none', boundText(f.rollback)])));
  }
  if (s.services.length > 0) {
    out.push('', '**ECS services**', '');
    out.push(...mdTable(['Service', 'Tier', 'Zones', 'Tasks → after zone loss', 'Traffic plan', 'Before traffic', 'After traffic', 'Rollback alarms', 'Regression → rollback'],
      s.services.map((v) => [`\`${v.path}\``, v.tier, v.zones.join(', ') || 'none', capacityText(v), v.trafficPlan.description, v.beforeTraffic.join('<br>') || 'none',
        v.afterTraffic.join('<br>') || 'none', v.alarms.map(alarmText).join('<br>') || 'none', boundText(v.rollback)])));
  }
  out.push('', `**Findings** (${s.findings.length})`, '');
  if (s.findings.length === 0) {
    out.push('None.');
  } else {
    out.push(...mdTable(['Severity', 'Rule', 'Finding', 'Fix', 'Acknowledge'], s.findings.map((f) => [
      findingStatus(f), `\`${f.ruleId}\``, f.message, f.fix, f.acknowledgedReason !== undefined ? `acknowledged: ${f.acknowledgedReason}` : `\`${f.acknowledgeId}\``,
    ])));
  }
  return out;
}

/** The report as JSON (the model, pretty-printed). */
export function renderJson(r: Report): string {
  return JSON.stringify(r, null, 2) + '\n';
}
