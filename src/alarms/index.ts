export * from './service-rollback-alarms';
