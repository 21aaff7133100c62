export * from './deployment-notifications';
