/** Which transport the suite runs on: the in-memory mock (default) or a real `ws` server on loopback. */
export type Transport = 'mock' | 'ws';

/** The fault the suite injects: none, or a server that never acknowledges close. */
export type Fault = 'none' | 'ignore-close';

export interface SuiteConfig {
  transport: Transport;
  fault: Fault;
}

/** Thrown when a switch has a value the suite does not know. */
export class SuiteConfigError extends Error {
  readonly code = 'ERR_WSI_INVALID_OPTION';

  constructor(message: string) {
    super(message);
    this.name = 'SuiteConfigError';
  }
}

/**
 * Reads the two switches: `WSI_TRANSPORT=mock|ws` and `WSI_FAULT=none|ignore-close`.
 *
 * @example WSI_TRANSPORT=ws WSI_FAULT=ignore-close pnpm --filter @ws-isolation/isolation-suite suite
 */
export function readSuiteConfig(env: Record<string, string | undefined> = process.env): SuiteConfig {
  const transport = env.WSI_TRANSPORT?.trim() || 'mock';
  const fault = env.WSI_FAULT?.trim() || 'none';
  if (transport !== 'mock' && transport !== 'ws') {
    throw new SuiteConfigError(`WSI_TRANSPORT must be 'mock' or 'ws'; received ${JSON.stringify(transport)}`);
  }
  if (fault !== 'none' && fault !== 'ignore-close') {
    throw new SuiteConfigError(`WSI_FAULT must be 'none' or 'ignore-close'; received ${JSON.stringify(fault)}`);
  }
  return { transport, fault };
}
