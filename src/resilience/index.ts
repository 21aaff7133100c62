export * from './zonal-shift';
export * from './zone-loss-experiment';
