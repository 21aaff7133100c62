/** Fields every log line of one hook invocation carries once known (deployment id, phase, target). */
export type LogFields = Record<string, unknown>;

/** Writes one JSON object per line, so CloudWatch Logs Insights can filter on every field. */
export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger whose lines also carry `fields`. */
  with(fields: LogFields): Logger;
}

/** A structured logger writing to `write` (console.log in the handlers). */
export function createLogger(base: LogFields = {}, write: (line: string) => void = (line) => console.log(line)): Logger {
  const emit = (level: string, message: string, fields: LogFields = {}) => {
    write(JSON.stringify({ level, message, ...base, ...fields }));
  };
  return {
    info: (message, fields) => emit('INFO', message, fields),
    warn: (message, fields) => emit('WARN', message, fields),
    error: (message, fields) => emit('ERROR', message, fields),
    with: (fields) => createLogger({ ...base, ...fields }, write),
  };
}

/** Message and AWS error name of anything thrown, for a log line or a check's reason. */
export function describeError(e: unknown): string {
  if (e instanceof Error) return e.name && e.name !== 'Error' ? `${e.name}: ${e.message}` : e.message;
  return String(e);
}
