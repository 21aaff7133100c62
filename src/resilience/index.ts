export * from './zonal-shift';
export * from './zonal-shift-on-alarm';
