export * from './consumer-status';
export * from './histogram';
