export * from './http-error.filter';
export * from './fastify-setup';
export * from './query-params';
export * from './http-service';
export * from './health.controller';
export * from './http-problem';
export * from './api-keys';
export * from './graceful-shutdown';
