export * from './topics/articles-raw.v1';
export * from './topics/stories-clean.v1';
export * from './topics/dead-letter';
export * from './topics/record-headers';
export * from './topics/dead-letter-actions.v1';
export * from './errors';
