export * from './html-draft';
export * from './html-extract';
