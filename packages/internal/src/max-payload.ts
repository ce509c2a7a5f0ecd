/** The largest message accepted by default: 100 MiB, as `ws`'s `maxPayload`. */
export const DEFAULT_MAX_PAYLOAD = 100 * 1024 * 1024;
