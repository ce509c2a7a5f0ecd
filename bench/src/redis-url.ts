/** Where the Redis workloads find their server; without it they are skipped with NO_REDIS_REASON. */
export const REDIS_URL_VARIABLE = 'WSI_THROTTLE_REDIS_URL';

export const NO_REDIS_REASON =
  `no Redis server given: set ${REDIS_URL_VARIABLE} ` +
  "(e.g. redis://127.0.0.1:6390 for a redis-server started with --port 6390 --save '' --appendonly no)";

/** The server's URL; a workload only runs when the plan found one. */
export function redisUrl(): string {
  const url = process.env[REDIS_URL_VARIABLE];
  if (url === undefined || url === '') throw new Error(NO_REDIS_REASON);
  return url;
}
