import type { TargetOutcome } from '../targets';

/**
 * Why a target is missed and what would reach it, from CPU profiles of the
 * workloads (`node --cpu-prof`) and reading the code. Shown only for a target
 * the run missed or met narrowly.
 */
const ANALYSIS: Record<string, string> = {
  'echo-throughput': `Why: every frame still starts on an empty microtask queue, as the standard's task per message
guarantees: one loop on the mock's delivery queue (packages/mock-socket/src/delivery-queue.ts)
delivers a burst and has Node run what each delivery queued (its own tick-and-microtask step,
\`process._tickCallback\`) before the next, with no tick or promise of its own per frame. Text
travels between client and server as its string, events are light objects dispatched by the
socket's own listener lists, and a burst of 100,000 is never copied. What is left per echo is the
\`Buffer\` the \`ws\`-style server listener gets, the two events, and the messages every server
connection keeps for \`messages\`/\`nextMessage()\`.
Change: on a miss, profile first (\`node --cpu-prof\`): the rest is spread thin.`,
  'fan-out': `Why: mock-socket dispatches a broadcast synchronously to every client in one go, so no
microtask runs between two clients' listeners, which neither a browser (a task per message) nor
Node (an I/O callback per socket) does. Ours gives every delivery a turn of its own, in one loop
that runs Node's tick-and-microtask step between two deliveries (no tick or promise per delivery),
with light events and the socket's own listener lists (no platform \`Event\` constructor or
\`EventTarget\` dispatch), each in the async context of the socket's owner. A text broadcast
enters the delivery queue once, as a group that gives each client its turn from that place.
What the turn costs was measured by leaving parts out, in a script shaped like this workload
(100 clients, 1,000 broadcasts, median of runs 2 to 6 per process, 6 processes each, on a quiet
machine): 49 ms as shipped; 42 ms without the event's \`timeStamp\` clock read (which the
standard asks for); 46 ms without the switch into the owner's async context
(\`AsyncResource.runInAsyncScope\`); 50.5 ms without the microtask step between deliveries; 38 ms
without all three, against mock-socket's 31 to 33 ms in the same script.
The full collection the case process forces before every run (\`gc()\`) used to cost more than
all of that: V8 drops the hidden classes of objects none of which is alive at a collection, and
the code optimized for them, so every run started on unoptimized code. mock-socket now keeps one
of each alive: the server that stopped last is held until another stops (and with it its
connections, their pipes and handler slots), and one event of each kind, one broadcast group, one
text payload and one queued call live for the module's life. In the same script that took a run
from 52 ms to 33 ms (8 processes each), and \`node --trace-deopt\` shows no invalidation of the
delivery path after the first runs.
Change: profile a miss first (\`node --cpu-prof\`, and \`--trace-deopt\` for code thrown away
after a collection); what is left is the turn per delivery, which the conformance test requires.`,
  'open-close-1k': `Why: each connection does work mock-socket does not: it is tracked in the registry with its
creation stack (a leak report names the line that made it), an async resource (its listeners
run in the context that made the socket), two pipes, an event emitter and an inbox on the server
side, and the handshake and the closing handshake are frames on the delivery queue. Most of a run,
though, is V8 warming up: in one process, runs of 1,000 connections take 60 to 100 ms for the
first two and 15 to 25 ms once V8 has settled, and the bench's median is taken over runs 2 to 6
of each of its 6 processes, so it falls on the second and third, while V8 is still optimizing. In a
script shaped like this workload, \`node --trace-opt\` optimizes about 38 functions during the
first measured run and 27 during the second: a function is optimized after it has used up its
interrupt budget a few times, so the small ones that run once per connection are optimized only
after a few thousand connections (or once a caller that inlines them is). The collection forced
before each run no longer throws that code away (see fan-out: the last closed server is held).
Once settled, the creation stack is about a quarter of the CPU time (\`Error.captureStackTrace\` on
Node 20: about 1.5 µs for a stack of one frame, most of it the first frame; about 0.15 µs for each
further one), and the collector about a fifth. A connection that opens and closes allocates
6.1 KB (mock-socket: about 21 KB, most of it in its close); after 1,000 opens a heap snapshot
holds 3.7 KB per open connection (about 0.7 KB the creation stack, about 0.35 KB the two maps
Node's \`EventTarget\` constructor makes for every socket, which the socket's own listener lists
leave unused) against 1.0 KB for mock-socket. Our open phase is the slower one, our close phase
the faster.
Change: capturing creation stacks only while a leak report can be made (an opt-in mode of the
registry, which would change its contract that every tracked instance has one), and fewer bytes
per open connection.`,
  'latency-vs-msw': `Why: a round trip is two deliveries, each starting on an empty microtask queue, so that the
standard's task per message stays observable; @mswjs/interceptors hands each message over in
one microtask. A conversation no longer costs a tick per frame (the code an awaited message
resumes sends within the same loop), but the medians of our runs still spread widely within
one process (compare the min – max in its table): the runs right after the forced full GC run
code V8 is optimizing again.
Change: what is left per message is the \`Buffer\` the \`ws\`-style server listener gets,
the server's \`send\` reading its arguments, the event, and the messages each server
connection keeps for \`messages\`/\`nextMessage()\`.`,
  'connection-throughput': `Why: both sides are TCP on loopback, and each settles per process at one of two levels far
apart (about 50–65 and about 85–100 k/s), so the ratio moves between 0.6× and 1.3× from one bench
run to the next with three runs a side; each side now runs in 4 processes taking turns (12 runs),
and full runs gave 0.91× and 0.74×, filtered runs on a shared machine 0.85× to 1.22×. The
acknowledgements are not the cost: \`acceptSession\` sends at most one \`session.ack\` per event
loop turn, 2 or 3 for the 100,000 messages (59 when it sent one per microtask batch), against
200,000 socket writes a side. Measured as CPU time in one process, the two clients taking turns on
fresh sockets, a Connection costs about 6% more than a raw \`ws\` client, with or without
acknowledgements: \`ws\`'s WHATWG event path (a \`MessageEvent\` and a decoded string per
message, which a raw \`on('message')\` listener skips) is about 1.5%, core's own send and
receive path about 2% of self time in a profile; the rest is spread too thin to name.
Change: more processes a side, so that the median does not hang on how many of them land on each
TCP level; a client path that reads \`ws\`'s own \`message\` event instead of the WHATWG one.`,
  'cleanup-10k': `Why: the workload tracks 10,000 instances and cleans them up at once, so the young generation is
full of the just-made records and their creation stacks: any allocation during the cleanup starts
a scavenge that copies them (15 to 50 ms each, one or two per cleanup in \`node --trace-gc\`).
A cleanup pass now makes one \`Settlement\` object per instance that reports straight to the
pass (no promise of its own per instance, one deadline callback per pass), shares outcomes that
carry no error, and makes report entries as literals.
Change: make what \`track()\` keeps per instance smaller (the captured stack is most of it), so
that a scavenge has less to copy.`,
  'cleanup-stuck': `Why: the stuck instances are terminated when the one deadline timer fires; anything past
the timeout is the time to terminate and report the rest after it, plus the timer's own lateness
on a busy machine.
Change: look at how late the deadline timer fired (the \`forced\` events carry the elapsed
time) before changing the code: on a quiet machine the overrun is a millisecond or two.`,
  'jest-environment': `Why: per test the environment lists the test's scope in the registry, settles the raw
sockets its watcher saw, and races that against a watchdog timer, even when the test made
nothing.
Change: when the test tracked nothing and the watcher saw no socket, finish \`test_done\`
synchronously, with no timer and no promise.`,
};

/** Targets whose figure moves between runs on a busy machine by more than its distance to the bar. */
const NOISY = new Set(['fan-out', 'open-close-1k', 'cleanup-10k', 'jest-environment']);

export function explainMiss(target: TargetOutcome): string {
  const narrowly = target.status === 'met';
  const head = `**${target.target}**: ${narrowly ? 'met narrowly' : 'missed'} (${target.detail}).`;
  const analysis = ANALYSIS[target.id];
  if (analysis === undefined) return head;
  const margin = narrowly ? 'its margin to the bar' : 'the margin it misses by';
  const noise = NOISY.has(target.id)
    ? `\nOn a busy machine this figure moves run to run by more than ${margin}: compare the min – max in its table, and the load average above.`
    : '';
  return `${head}\n${analysis}${noise}`;
}
