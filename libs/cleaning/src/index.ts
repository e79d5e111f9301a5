export * from './clean-article';
export * from './html';
export * from './story-from-article';
export * from './site-noise';
// Kept for callers that read normalizeLine from the cleaner; it lives in @cleanwire/html now.
export { normalizeLine } from '@cleanwire/html';
