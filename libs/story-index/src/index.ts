export * from './story-keys';
export * from './story-store';
export * from './story-index.module';
export * from './near-duplicate.store';
