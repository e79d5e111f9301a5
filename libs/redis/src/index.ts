export * from './redis-client';
export * from './redis-calls';
export * from './redis-health';
