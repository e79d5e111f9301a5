export * from './service-metrics';
export * from './metrics.controller';
export * from './metrics.module';
export * from './story-trail';
