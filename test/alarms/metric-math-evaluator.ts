/**
 * A small evaluator of CloudWatch metric-math expressions at ONE period, for tests: each metric id has
 * one value (or none: missing data). It covers the subset the library writes: numbers, ids, `+ - * /`,
 * comparisons (1 or 0), `AND`/`OR`, `IF(cond, a, b)`, `FILL(x, v)` on a value or an array, array
 * literals `[a, b]`, and `MAX` of an array (the highest value of the period among the series; CloudWatch
 * "Metric math syntax and functions": MAX of an array of time series returns, per data point, the
 * highest value). `MAX` of a single series is refused: CloudWatch returns one number for the whole
 * window there, which a one-period evaluator cannot represent, and the library must not rely on it.
 */
type Value = number | undefined | Value[];

export function evaluateMetricMath(expression: string, values: Record<string, number | undefined>): number | undefined {
  const tokens = expression.match(/\s*(>=|<=|==|!=|[()[\],+\-*/<>]|[A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d+)?)/g);
  if (!tokens || tokens.join('').replace(/\s/g, '') !== expression.replace(/\s/g, '')) throw new Error(`cannot tokenize ${expression}`);
  const t = tokens.map((x) => x.trim());
  let pos = 0;
  const peek = () => t[pos];
  const take = (expected?: string) => {
    const token = t[pos++];
    if (expected !== undefined && token !== expected) throw new Error(`expected ${expected} at ${pos - 1}, got ${token} in ${expression}`);
    return token;
  };
  const scalar = (v: Value): number | undefined => {
    if (Array.isArray(v)) throw new Error(`an array where a single series is expected in ${expression}`);
    return v;
  };
  const binary = (a: Value, b: Value, f: (x: number, y: number) => number): number | undefined => {
    const x = scalar(a);
    const y = scalar(b);
    return x === undefined || y === undefined ? undefined : f(x, y);
  };

  const parseOr = (): Value => {
    let left = parseAnd();
    while (peek() === 'OR') { take(); left = binary(left, parseAnd(), (x, y) => (x !== 0 || y !== 0 ? 1 : 0)); }
    return left;
  };
  const parseAnd = (): Value => {
    let left = parseComparison();
    while (peek() === 'AND') { take(); left = binary(left, parseComparison(), (x, y) => (x !== 0 && y !== 0 ? 1 : 0)); }
    return left;
  };
  const comparisons: Record<string, (x: number, y: number) => boolean> = {
    '>': (x, y) => x > y, '>=': (x, y) => x >= y, '<': (x, y) => x < y, '<=': (x, y) => x <= y, '==': (x, y) => x === y, '!=': (x, y) => x !== y,
  };
  const parseComparison = (): Value => {
    const left = parseSum();
    const op = peek();
    if (op in comparisons) { take(); return binary(left, parseSum(), (x, y) => (comparisons[op](x, y) ? 1 : 0)); }
    return left;
  };
  const parseSum = (): Value => {
    let left = parseProduct();
    while (peek() === '+' || peek() === '-') {
      const op = take();
      left = binary(left, parseProduct(), op === '+' ? (x, y) => x + y : (x, y) => x - y);
    }
    return left;
  };
  const parseProduct = (): Value => {
    let left = parsePrimary();
    while (peek() === '*' || peek() === '/') {
      const op = take();
      left = binary(left, parsePrimary(), op === '*' ? (x, y) => x * y : (x, y) => (y === 0 ? NaN : x / y));
    }
    return left;
  };
  const args = (): Value[] => {
    take('(');
    const list = [parseOr()];
    while (peek() === ',') { take(); list.push(parseOr()); }
    take(')');
    return list;
  };
  const parsePrimary = (): Value => {
    const token = take();
    if (token === '(') { const v = parseOr(); take(')'); return v; }
    if (token === '[') {
      const list = [parseOr()];
      while (peek() === ',') { take(); list.push(parseOr()); }
      take(']');
      return list;
    }
    if (/^\d/.test(token)) return Number(token);
    if (token === 'IF') {
      const [cond, yes, no] = args();
      const c = scalar(cond);
      return c === undefined ? undefined : c !== 0 ? yes : no;
    }
    if (token === 'FILL') {
      const [x, v] = args();
      const fill = (y: Value): Value => (Array.isArray(y) ? y.map(fill) : y === undefined ? scalar(v) : y);
      return fill(x);
    }
    if (token === 'MAX') {
      const [x] = args();
      if (!Array.isArray(x)) throw new Error(`MAX of a single series is one number over the whole window, not per period, in ${expression}`);
      const present = x.map(scalar).filter((y): y is number => y !== undefined);
      return present.length === 0 ? undefined : Math.max(...present);
    }
    if (/^[a-z]/.test(token)) {
      if (!(token in values)) throw new Error(`no value given for metric ${token} in ${expression}`);
      return values[token];
    }
    throw new Error(`unexpected ${token} in ${expression}`);
  };

  const result = parseOr();
  if (pos !== t.length) throw new Error(`trailing ${t.slice(pos).join(' ')} in ${expression}`);
  return scalar(result);
}
