export { DeploymentSafetyTier } from './tier';
export * from './safety-tier';
export * from './plugin';
