export * from './redis-client';
export * from './story-keys';
export * from './story-store';
export * from './story-store.module';
