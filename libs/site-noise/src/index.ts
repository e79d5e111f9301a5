export * from './site-noise.store';
export * from './site-noise.module';
