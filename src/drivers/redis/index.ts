/**
 * `objectql-toolkit/drivers/redis`: records in Redis through ioredis (JSON per record, sorted-set
 * id and numeric indexes, atomic Lua writes), queries evaluated by the kernel's engine.
 */
export { RedisDriver } from './redis-driver.js'
export { REDIS_CAPABILITIES } from './redis-driver-capabilities.js'
export { DEFAULT_REDIS_URL, resolveRedisConfig } from './redis-driver-config.js'
export type { RedisDriverConfig, ResolvedRedisDriverConfig } from './redis-driver-config.js'
export { RedisKeyspace, decodeKeySegment, encodeKeySegment } from './redis-keys.js'
export { mapRedisError, redisErrorCode } from './redis-error-map.js'
