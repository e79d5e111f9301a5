export * from './clean-article';
export * from './normalize-line';
export * from './story-from-article';
