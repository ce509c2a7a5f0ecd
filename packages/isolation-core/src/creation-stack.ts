import type { CaptureStackOptions } from '@ws-isolation/internal';

/**
 * How a socket's or server's creation stack is captured: enough frames to get
 * from Node's net internals (and a library such as ws or supertest) up to the
 * test's line, without Node's own frames, so Jest's code frame shows user code.
 */
export const CREATION_STACK: CaptureStackOptions = { frames: 40, dropNodeFrames: true };
