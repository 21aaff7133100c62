export * from './lambda-deployment-dashboard';
export * from './service-dashboard';
