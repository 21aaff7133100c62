export * from './capacity-plan';
export * from './multi-az-service-props';
export * from './multi-az-service';
