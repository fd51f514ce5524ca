export { startTestRedis, hasRedisServer, freePort } from './redisServer.js';
export type { TestRedis } from './redisServer.js';
export { reportNumbers } from './reportNumbers.js';
