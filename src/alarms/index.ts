export * from './service-rollback-alarms';
export * from './lambda-rollback-alarm-options';
