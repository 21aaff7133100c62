export * from './service-rollback-alarms';
export * from './lambda-rollback-alarm-options';
export * from './zonal-outlier-alarms';
