export * from './zonal-shift';
export * from './zone-loss-experiment';
export * from './zonal-shift-on-alarm';
