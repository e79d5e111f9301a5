export * from './load-config';
export * from './env-pieces';
export * from './worker-env';
