/** The process around a handler under test: fake AWS credentials and endpoints, and its JSON log lines. */

/** Sets fake credentials and the region, plus `endpoints` (e.g. `AWS_ENDPOINT_URL`), before the handler creates its SDK clients. */
export function useFakeAwsEnv(endpoints: Record<string, string>): void {
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_REGION: 'eu-west-1',
    ...endpoints,
  });
}

/** Captures the JSON log lines written through console.log. */
export function captureLogs(): { lines: Array<Record<string, any>>; restore: () => void } {
  const lines: Array<Record<string, any>> = [];
  const spy = jest.spyOn(console, 'log').mockImplementation((line: unknown) => {
    lines.push(JSON.parse(String(line)));
  });
  return { lines, restore: () => spy.mockRestore() };
}
