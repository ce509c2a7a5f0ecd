import { afterAll, aroundEach, expect, inject } from 'vitest';
import { OPTIONS_KEY, resolveOptions } from './options';
import { VitestSession } from './vitest-session';

// Vitest runs this file before each test file (again for every file under `isolate: false`), so each file
// gets a session of its own. Bad options throw here, which fails the file with ERR_WSI_INVALID_OPTION.
const session = new VitestSession(resolveOptions(inject(OPTIONS_KEY)), expect.getState().testPath ?? 'unknown file');
session.install({ aroundEach, afterAll });
