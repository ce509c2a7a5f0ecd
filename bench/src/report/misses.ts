import type { TargetOutcome } from '../targets';

/**
 * Why a target is missed and what would reach it, from CPU profiles of the
 * workloads (`node --cpu-prof`) and reading the code. Shown only for a target
 * the run actually missed.
 */
const ANALYSIS: Record<string, string> = {
  'echo-throughput': `Why: the quadratic queue this benchmark found is fixed: @ws-isolation/mock-socket's \`Pipe\`
(packages/mock-socket/src/pipe.ts) took each frame off the front of an array with
\`Array.prototype.shift()\`, so 100,000 pipelined messages moved the whole array on every
delivery; it now keeps a head index and compacts the array once the head passes half of it.
100,000 echoed 32-byte messages went from 10.5 s to 0.9 s on this machine. What is left is
per-message work that mock-socket does not do. Since the task-delivery change (each frame is
delivered in a task of its own, a \`setImmediate\` from \`node:timers\`, as the WHATWG standard
queues a task per message, so server code that awaits before attaching its listener sees what it
sees on a real network), every frame costs one immediate instead of one microtask hop; a
drain loop that delivers several frames in one task would break that rule, so it is not an option.
Change: share one immediate between pipes (a global run queue whose single immediate delivers one
frame and re-arms only when more are ready), which keeps a task per frame with fewer timer objects.`,
  'fan-out': `Why: mock-socket dispatches a broadcast synchronously to each client with its own light event
objects. Ours delivers each frame in a task of its own (a \`setImmediate\` taken from
\`node:timers\` at load: no timers to advance, works with fake timers, and what the standard asks),
and per delivery it also encodes the text to a \`Buffer\` (\`encodeServerData\`)
and decodes it back to a string on the client (\`utf8Slice\`), builds Node's \`MessageEvent\`
(slow to construct), and reads \`origin\` from a \`URL\` object. A CPU profile of 100 × 1,000
shows garbage collection as the largest item (those per-delivery Buffers and events), then
the queue's \`shift()\`, \`send\`, the event dispatch and the UTF-8 conversions.
Change: in \`broadcast()\`, encode once per broadcast instead of once per client; keep text
frames as strings end to end and make the \`Buffer\` only when the \`ws\`-style server side
asks for one; compute \`origin\` once per socket; use a small \`MessageEvent\` subclass of
\`Event\`; and the O(1) queue of the echo fix (all done). A drain loop (every ready frame in one
task) is ruled out by the task-per-message rule; what is left is the immediate per frame.`,
  'open-close-1k': `Why: each connection does work mock-socket does not. Two items of the first profile are fixed:
the registry now formats a creation stack only when a report reads it, and a closing
socket's inbox makes its closed error only for a waiter. Still there: the registry captures
the stack frames of every client (\`Error.captureStackTrace\`), the upgrade request draws a
random \`Sec-WebSocket-Key\` from \`crypto.randomBytes\`, and every client makes an
\`AbortController\` and parses its URL.
Change: make the \`Sec-WebSocket-Key\` from a counter (a mock never checks it); create the
\`AbortController\` only when a \`delay-open\` fault is set (both done); and let the registry skip
stack capture where no test environment or listener will ever report a leak. Since the
task-delivery change, the handshake response and both Close frames are tasks too (each a
\`setImmediate\`, and a chained one waits for the next turn of the event loop), which is most of
the drop from 0.87× to this run's figure.`,
  'latency-vs-msw': `Why: a round trip on our mock is two tasks (\`setImmediate\`, one per frame, as the standard
queues a task per message) plus the per-message work described under fan-out;
@mswjs/interceptors hands the string over synchronously or in a microtask.
Change: the per-message changes listed under fan-out.`,
  'connection-throughput': `Why: per message our layer adds, on the client, an eventemitter3 emit and the heartbeat's
check of every message (\`parseSessionMessage\`, which returns at once unless the text starts
with \`{\`), and on the server \`acceptSession\`'s ping answerer, which decodes every \`Buffer\`
to text with a new \`TextDecoder\` before the same check.
Change: look at the first byte (\`{\` is 0x7b) before decoding anything, reuse one
\`TextDecoder\`, and skip the client's check when the heartbeat is off.`,
  'cleanup-10k': `Why: for every instance \`cleanupAll\` makes a settling promise and a deadline race, builds
a report entry (calling \`describe()\`), and emits an untrack and an outcome event; each
pass also copies every record into a new array to select the scope.
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
