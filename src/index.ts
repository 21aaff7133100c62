export * from './traffic';
export * from './verification';
export * from './blue-green-lambda';
export * from './alarms';
export * from './multi-az-service';
export * from './resilience';
export * from './policy';
export * from './notifications';
