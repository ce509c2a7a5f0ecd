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
included); a drain loop (every ready frame in one turn) would break it. Text already travels
between client and server as its string (no frame object, no copy, no decode; a \`Buffer\` echoed
as text keeps its decoded string), and the queue is a list of fixed chunks that a burst of 100,000
never copies. What is left per echo is two turns, the \`Buffer\` the \`ws\`-style server listener
gets, the event, and the messages every server connection keeps for \`messages\`/\`nextMessage()\`.
Change: on a miss, profile first (\`node --cpu-prof\`): the rest is spread thin.`,
  'fan-out': `Why: mock-socket dispatches a broadcast synchronously to every client in one go, so no
microtask runs between two clients' listeners, which neither a browser (a task per message) nor
Node (an I/O callback per socket) does. Ours encodes a broadcast once, passes text as strings and
uses a light \`MessageEvent\`, but each delivery is a turn of its own on the delivery queue (a
promise reaction and a \`process.nextTick\`, about 0.2 µs), so that microtasks drain between two
messages as they do for real.
Change: what is left is the turn per delivery, which the task-per-message rule keeps, and Node's
\`EventTarget\` dispatch; a cheaper dispatch would have to keep \`instanceof EventTarget\`,
\`once\`, \`signal\`, \`handleEvent\` and \`stopImmediatePropagation\`.`,
  'open-close-1k': `Why: each connection does work mock-socket does not: the registry captures the creation
stack of every client (\`Error.captureStackTrace\`, the largest single item of a CPU profile),
the upgrade request builds its header object, each connection makes two pipes and an event
emitter, and the handshake response and the two Close frames are turns on the delivery queue.
The profile is otherwise flat, and the first runs are dominated by the JIT warming up a longer
code path than mock-socket's. (Clients given the same URL string now share its parse, and fault
sets make their map only when a fault is set.)
Change: capture creation stacks more cheaply (fewer frames, or only where a leak can be
reported while keeping \`list()\`'s stacks true), and make the upgrade request's headers on first read.`,
  'latency-vs-msw': `Why: a round trip on our mock is two turns of the delivery queue (one per frame: a promise
reaction, then a \`process.nextTick\` once the microtask queue is empty, so that the standard's
task per message stays observable); @mswjs/interceptors hands each message over in one microtask.
Text already travels between client and server as its string, with no frame object, copy or
decode. The medians of our runs spread from about 1.3 to 3.3 µs within one process (compare the
min – max in its table), more than the gap to the target.
Change: the turn per frame stays; what is left per message is the \`Buffer\` the \`ws\`-style
server listener gets, the server's \`send\` reading its arguments, the event, and the messages
each server connection keeps for \`messages\`/\`nextMessage()\`.`,
  'connection-throughput': `Why: per message our layer adds, on the client, an eventemitter3 emit and the heartbeat's
check of every message (\`parseSessionMessage\`, which returns at once unless the text starts
with \`{\`), and on the server \`acceptSession\`'s ping answerer, which decodes every \`Buffer\`
to text with a new \`TextDecoder\` before the same check.
Change: look at the first byte (\`{\` is 0x7b) before decoding anything, reuse one
\`TextDecoder\`, and skip the client's check when the heartbeat is off.`,
  'cleanup-10k': `Why: the workload tracks 10,000 instances and cleans them up at once, so the young generation is
full of the just-made records and their creation stacks: any allocation during the cleanup starts
a scavenge that copies them (15 to 50 ms each, one or two per cleanup in \`node --trace-gc\`).
A cleanup pass now makes one \`Settlement\` object per instance that reports straight to the
pass (no promise of its own per instance, one deadline callback per pass), shares outcomes that
carry no error, and makes report entries as literals.
Change: make what \`track()\` keeps per instance smaller (the captured stack is most of it), so
that a scavenge has less to copy.
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
