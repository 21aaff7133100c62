export * from './traffic';
export * from './verification';
