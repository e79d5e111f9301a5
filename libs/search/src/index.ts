export * from './tokenize';
export * from './analyze';
export * from './term-weights';
export * from './search-query';
export * from './postings';
export * from './snippet';
export * from './story-shard';
export * from './simhash';
