export * from './invoke-check';
export * from './http-check';
