export * from './traffic';
