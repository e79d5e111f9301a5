export * from './tokenize';
export * from './term-weights';
export * from './search-query';
export * from './simhash';
export * from './near-duplicate';
