/**
 * The timers as they were when this module loaded. Leases live in Redis's
 * time, so their renewal must run on real time even when a test installs Jest
 * fake timers afterwards; a held lease left to lapse would free a slot that is
 * in use.
 */
export const nativeTimers = {
  setTimeout: globalThis.setTimeout.bind(globalThis),
  clearTimeout: globalThis.clearTimeout.bind(globalThis),
};
