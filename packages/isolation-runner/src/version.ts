import { version as packageVersion } from '../package.json';

/** The version of @ws-isolation/isolation-runner, shown in every report. */
export const VERSION: string = packageVersion;
