export * from './feed-intake';
export * from './feed-item';
export * from './story-id';
export * from './text-dump';
export { ndjsonLineItem } from './formats/ndjson.format';
export { requestSourceName } from './source-name';
