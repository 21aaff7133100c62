import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';

/** An intrinsic as a placeholder string with no quotes in it, so the flattened body stays valid JSON. */
function placeholder(value: any): string {
  if (typeof value === 'string') return value;
  if (value.Ref) return `<Ref ${value.Ref}>`;
  if (value['Fn::GetAtt']) return `<GetAtt ${value['Fn::GetAtt'].join('.')}>`;
  if (value['Fn::Join']) {
    const [sep, parts] = value['Fn::Join'];
    return parts.map(placeholder).join(sep);
  }
  if (value['Fn::Select']) return `<Select ${value['Fn::Select'][0]}>`;
  throw new Error(`unexpected intrinsic in a dashboard body: ${JSON.stringify(value)}`);
}

/** The synthesized dashboards of `stack`, by logical ID. */
export function dashboards(stack: Stack): Record<string, any> {
  return Template.fromStack(stack).findResources('AWS::CloudWatch::Dashboard');
}

/**
 * The one dashboard of `stack` whose logical ID starts with `prefix`: its body as a string (the
 * Fn::Join flattened, every Ref / GetAtt as `<Ref Id>` / `<GetAtt Id.Attr>`) and parsed.
 */
export function dashboardBody(stack: Stack, prefix: string): { text: string; body: any; properties: any } {
  const found = Object.entries(dashboards(stack)).filter(([id]) => id.startsWith(prefix));
  if (found.length !== 1) throw new Error(`expected one dashboard starting with ${prefix}, found ${found.map(([id]) => id).join(', ') || 'none'}`);
  const properties = found[0][1].Properties;
  const text = placeholder(properties.DashboardBody);
  return { text, body: JSON.parse(text), properties };
}

/** The widget titled `title` (exactly one). */
export function widget(body: any, title: string): any {
  const found = body.widgets.filter((w: any) => w.properties.title === title);
  if (found.length !== 1) throw new Error(`expected one widget titled '${title}', found ${found.length} among ${body.widgets.map((w: any) => w.properties.title).join(' | ')}`);
  return found[0];
}

/** The expressions (rows with an `expression`) of a metric widget. */
export function expressions(w: any): any[] {
  return w.properties.metrics.filter((row: any[]) => row.length === 1 && row[0].expression).map((row: any[]) => row[0]);
}

/** The plain metrics of a metric widget as `{ namespace, metricName, dimensions, options }`. */
export function plainMetrics(w: any): any[] {
  return w.properties.metrics.filter((row: any[]) => typeof row[0] === 'string').map((row: any[]) => {
    const options = typeof row[row.length - 1] === 'object' ? row[row.length - 1] : {};
    const names = row.slice(2, typeof row[row.length - 1] === 'object' ? -1 : undefined);
    const dimensions: Record<string, string> = {};
    for (let i = 0; i < names.length; i += 2) dimensions[names[i]] = names[i + 1];
    return { namespace: row[0], metricName: row[1], dimensions, options };
  });
}
