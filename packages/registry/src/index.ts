export { getRegistry, installRegistry, isRegistry, REGISTRY_KEY } from './ambient';
export { TRACKED_HANDLE_KEY, untrackOwned } from './owned';
export { createRegistry, DEFAULT_CLEANUP_TIMEOUT_MS, DEFAULT_SCOPE } from './registry';
export { unfakeableClock, trimStack } from '@ws-isolation/internal';
export type { CreateRegistryOptions } from './registry';
export { RegistryError, RegistryErrorCode } from './errors';
export type {
  CleanupOptions,
  CloseOutcome,
  CleanupReport,
  ListOptions,
  Registry,
  RegistryClock,
  RegistryEntry,
  RegistryEvent,
  TrackedInstance,
  TrackOptions,
} from './types';
