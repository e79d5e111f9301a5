export * from './clean-article';
export * from './html';
export * from './normalize-line';
export * from './story-from-article';
export * from './site-noise';
