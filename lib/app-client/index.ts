export * from './app-client-options';
export * from './app-client';
export * from './client-terms';
export * from './resource-server-options';
