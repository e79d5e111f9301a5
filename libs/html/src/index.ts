export * from './charset-prescan';
export * from './html-dom';
export * from './normalize-line';
export * from './page-facts';
export * from './plain-text';
