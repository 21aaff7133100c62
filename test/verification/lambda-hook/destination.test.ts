import { failureCause } from '../../../src/verification/lambda-hook/handler/destination';

describe('failureCause', () => {
  test('names a timeout', () => {
    expect(failureCause({ requestContext: { condition: 'RetriesExhausted' }, responsePayload: { errorMessage: 'Task timed out after 900.00 seconds' } }))
      .toBe('the hook timed out (Task timed out after 900.00 seconds; RetriesExhausted)');
  });

  test('names running out of memory', () => {
    expect(failureCause({ requestContext: { condition: 'RetriesExhausted' }, responsePayload: { errorType: 'Runtime.OutOfMemory', errorMessage: 'Runtime exited with error: signal: killed' } }))
      .toBe('the hook ran out of memory (Runtime.OutOfMemory: Runtime exited with error: signal: killed; RetriesExhausted)');
  });

  test('describes any other failure and a record without details', () => {
    expect(failureCause({ requestContext: { condition: 'EventAgeExceeded' } })).toBe('the hook failed (no error details; EventAgeExceeded)');
    expect(failureCause(undefined)).toBe('the hook failed (no error details; unknown condition)');
  });
});
