export * from './idempotency.store';
export * from './rate-limit.store';
export * from './ingest-guards.module';
