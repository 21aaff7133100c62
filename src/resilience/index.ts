export * from './zonal-shift';
