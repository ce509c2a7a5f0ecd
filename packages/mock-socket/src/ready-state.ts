const CONSTANTS = { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 } as const;

/**
 * Puts `CONNECTING`, `OPEN`, `CLOSING` and `CLOSED` on a socket class's
 * prototype as WebIDL puts constants: read-only, enumerable data properties,
 * so every instance has them without a field of its own.
 */
export function defineReadyStateConstants(prototype: object): void {
  for (const [name, value] of Object.entries(CONSTANTS))
    Object.defineProperty(prototype, name, { value, writable: false, enumerable: true, configurable: false });
}
