export { startKafka } from './kafka';
export type { RunningKafka } from './kafka';
export { startRedis } from './redis';
export type { RunningRedis } from './redis';
export { startRedisCluster } from './redis-cluster';
export type { RunningRedisCluster } from './redis-cluster';
