import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { renameMetricIds, WidgetCount } from './layout';

/**
 * An alarm-status widget whose alarms are read when the dashboard body is rendered (at synth),
 * so alarms added after the dashboard was defined still show. An alarm-status widget needs at
 * least one alarm; without any, a text widget in its place says so.
 */
export class LateAlarmStatusWidget implements cloudwatch.IWidget {
  public readonly width: number;
  public readonly height: number;
  private x?: number;
  private y?: number;

  constructor(private readonly title: string, private readonly alarms: () => cloudwatch.IAlarm[], width: number, height: number) {
    this.width = width;
    this.height = height;
  }

  public position(x: number, y: number): void {
    this.x = x;
    this.y = y;
  }

  public toJson(): any[] {
    const alarms = this.alarms();
    const widget = alarms.length > 0
      ? new cloudwatch.AlarmStatusWidget({ title: this.title, alarms, width: this.width, height: this.height })
      : new cloudwatch.TextWidget({ markdown: `### ${this.title}\n\nNo rollback alarms.`, width: this.width, height: this.height });
    widget.position(this.x ?? 0, this.y ?? 0);
    return widget.toJson();
  }
}

/** Metrics and expressions a widget's JSON uses (each row of `properties.metrics`), for the limit checks. */
export function metricsInWidgetJson(json: any): number {
  const metrics = json?.properties?.metrics;
  return Array.isArray(metrics) ? metrics.length : 0;
}

/** Each rendered widget of `widgets` with its title and the number of metrics it uses. */
export function widgetCounts(widgets: cloudwatch.IWidget[]): WidgetCount[] {
  return widgets.flatMap((w) => w.toJson()).map((json) => ({
    title: json.properties?.title ?? json.type,
    metrics: metricsInWidgetJson(json),
    ...(json.type === 'alarm' ? { alarms: json.properties.alarms.length } : {}),
  }));
}

/**
 * The same metric with every metric id inside it renamed `<id>_<suffix>` (recursively), so that
 * several copies of one expression (one per zone, one per target group) can share a graph. A plain
 * metric is returned as is.
 */
export function withUniqueIds(metric: cloudwatch.IMetric, suffix: string, label?: string): cloudwatch.IMetric {
  if (!(metric instanceof cloudwatch.MathExpression)) return metric;
  const ids = Object.keys(metric.usingMetrics);
  const usingMetrics: Record<string, cloudwatch.IMetric> = {};
  for (const [id, inner] of Object.entries(metric.usingMetrics)) usingMetrics[`${id}_${suffix}`] = withUniqueIds(inner, suffix);
  return new cloudwatch.MathExpression({
    expression: renameMetricIds(metric.expression, ids, suffix),
    usingMetrics,
    label: label ?? metric.label,
    period: metric.period,
  });
}
