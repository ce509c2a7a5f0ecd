import type { TargetOutcome } from '../targets';

/**
 * Why a target is missed and what would reach it, from CPU profiles of the
 * workloads (`node --cpu-prof`) and reading the code. Shown only for a target
 * the run actually missed.
 */
const ANALYSIS: Record<string, string> = {
  'echo-throughput': `Why: every frame is delivered in a turn of its own on the mock's one delivery queue
(packages/mock-socket/src/delivery-queue.ts): a promise reaction, then a \`process.nextTick\` that
runs only once the microtask queue is empty. That keeps what the standard's task per message
guarantees (a message is never seen before the microtasks queued before it, chains of awaits
included) at a promise reaction and a tick per frame, where the former \`setImmediate\` per frame
cost an event-loop turn; a drain loop (every ready frame in one turn) would break the guarantee.
What is left per echo is two turns, a \`Buffer\` for the \`ws\`-style server listener (which gets
\`Buffer\`s, as with \`ws\`), its copy on \`send\`, the UTF-8 check and decode on the client, and,
for a pipelined burst of 100,000, garbage collection of the frames held in the queue.
Change: let a text frame's \`Buffer\` remember its string, so that echoing it back skips the
check and decode, and make the server side's \`Buffer\` only when a listener reads it.`,
  'fan-out': `Why: mock-socket dispatches a broadcast synchronously to each client with its own light event
objects. Ours encodes a broadcast once, keeps text frames as strings end to end and uses a
light \`MessageEvent\`, but each delivery is a turn of its own on the delivery queue (a promise
reaction and a \`process.nextTick\`, so that microtasks drain between two messages, as the
standard's task per message makes observable), where mock-socket's listeners all run in one go.
Change: what is left is the turn per delivery, which the task-per-message rule keeps; a
cheaper event dispatch than Node's \`EventTarget\` (one that still passes \`instanceof
EventTarget\` and keeps \`once\`, \`signal\`, \`handleEvent\` and \`stopImmediatePropagation\`).`,
  'open-close-1k': `Why: each connection does work mock-socket does not: the registry captures the creation
stack of every client and server socket (\`Error.captureStackTrace\`, about a tenth of a CPU
profile), the upgrade request builds its header object, and each connection makes two pipes and an
event emitter; the handshake response and the two Close frames are turns on the delivery queue.
Change: let the registry skip stack capture where no test environment or listener will ever
report a leak (while keeping \`list()\`'s stacks true), and make the upgrade request's headers on
first read.`,
  'latency-vs-msw': `Why: a round trip on our mock is two turns of the delivery queue (one per frame: a promise
reaction, then a \`process.nextTick\` once the microtask queue is empty, so that the standard's
task per message stays observable) plus the per-message work described under echo;
@mswjs/interceptors hands the string over synchronously or in a microtask.
Change: the per-message changes listed under echo; the turn per frame stays.`,
  'connection-throughput': `Why: per message our layer adds, on the client, an eventemitter3 emit and the heartbeat's
check of every message (\`parseSessionMessage\`, which returns at once unless the text starts
with \`{\`), and on the server \`acceptSession\`'s ping answerer, which decodes every \`Buffer\`
to text with a new \`TextDecoder\` before the same check.
Change: look at the first byte (\`{\` is 0x7b) before decoding anything, reuse one
\`TextDecoder\`, and skip the client's check when the heartbeat is off.`,
  'cleanup-10k': `Why: measured alone, in one process each and side by side, main's registry and this one took
50 to 640 ms for 10,000 at load averages of 6 to 35 on this 2-core machine (74 ms alone on a
quieter one): the miss in a full run is the machine's load, not a regression. Garbage collection is about
half of a CPU profile (the creation stacks of 10,000 instances, and per instance a settling
promise and a report entry that calls \`describe()\`). Cleanup now waits on its deadline with
one promise reaction instead of one per instance, and makes no event objects when nobody listens.
Change: build report entries only for what a report keeps, and iterate the records once
per pass instead of copying them.
On a busy machine this figure moves run to run by more than the margin it misses by: compare
the min – max in its table, and the load average above.`,
  'cleanup-stuck': `Why: the stuck instances are terminated when the one deadline timer fires; anything past
the timeout is the time to terminate and report the rest after it, plus the timer's own lateness
on a busy machine.
Change: look at how late the deadline timer fired (the \`forced\` events carry the elapsed
time) before changing the code: on a quiet machine the overrun is a millisecond or two.`,
  'jest-environment': `Why: per test the environment lists the test's scope in the registry, settles the raw
sockets its watcher saw, and races that against a watchdog timer, even when the test made
nothing.
Change: when the test tracked nothing and the watcher saw no socket, finish \`test_done\`
synchronously, with no timer and no promise.
On a busy machine this figure moves run to run by more than the margin it misses by: compare
the min – max in its table, and the load average above.`,
};

export function explainMiss(target: TargetOutcome): string {
  const head = `**${target.target}**: missed (${target.detail}).`;
  const analysis = ANALYSIS[target.id];
  return analysis === undefined ? head : `${head}\n${analysis}`;
}
