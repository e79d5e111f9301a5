export * from './feed-intake';
export * from './story-id';
export * from './text-dump';
