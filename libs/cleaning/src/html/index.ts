export * from './html-draft';
export * from './html-extract';
export { MAX_HTML_DEPTH, parseHtmlPage, selectedText } from './html-dom';
