export * from './types';
export * from './upgrade-check';
