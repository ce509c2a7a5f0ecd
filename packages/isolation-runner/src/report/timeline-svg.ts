import { escapeXml } from './format-junit';
import type { Lane, Marker, Segment, TimelineView } from './timeline-view';

const WIDTH = 960;
const LABEL_WIDTH = 200;
const PLOT_WIDTH = WIDTH - LABEL_WIDTH - 24;
const LANE_HEIGHT = 22;
const AXIS_HEIGHT = 28;

/** The states of a connection, each with its colour (Okabe-Ito, safe for colour-blind readers) and pattern. */
const STATE_STYLES: Record<string, number> = {
  DISCONNECTED: 0,
  CONNECTING: 1,
  CONNECTED: 2,
  READY: 3,
  CLOSING: 4,
  RECONNECTING: 5,
};
const STYLE_COUNT = 7;

/** The style index of a state: a fixed one for a connection's states, a stable one for any other. */
export function stateStyle(state: string): number {
  const known = STATE_STYLES[state.toUpperCase()];
  if (known !== undefined) return known;
  let hash = 0;
  for (const char of state) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return 6 + (hash % (STYLE_COUNT - 6));
}

function fixed(value: number): string {
  return value.toFixed(1);
}

function ms(value: number): string {
  return `${Math.round(value)} ms`;
}

/** The SVG of one window: an axis, one lane per instance, and the test's moments across them. */
export function timelineSvg(view: TimelineView, idPrefix: string): string {
  const x = (at: number): number => LABEL_WIDTH + (PLOT_WIDTH * at) / view.durationMs;
  const height = AXIS_HEIGHT + view.lanes.length * LANE_HEIGHT + 8;
  const lanes = view.lanes.map((lane, index) => laneSvg(lane, index, x, idPrefix)).join('');
  const markers = view.markers.map((marker) => markerSvg(marker, x, height)).join('');
  return (
    `<svg class="timeline" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="list" ` +
    `aria-label="${view.lanes.length} instances over ${ms(view.durationMs)}">` +
    axisSvg(view.durationMs, x, height) +
    lanes +
    markers +
    '</svg>'
  );
}

function axisSvg(durationMs: number, x: (at: number) => number, height: number): string {
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((share) => {
    const at = share * durationMs;
    return (
      `<line class="tick" x1="${fixed(x(at))}" x2="${fixed(x(at))}" y1="${AXIS_HEIGHT - 6}" y2="${height}"/>` +
      `<text class="tick-label" x="${fixed(x(at))}" y="${AXIS_HEIGHT - 10}" text-anchor="middle">${ms(at)}</text>`
    );
  });
  return `<g aria-hidden="true">${ticks.join('')}</g>`;
}

function laneSvg(lane: Lane, index: number, x: (at: number) => number, idPrefix: string): string {
  const y = AXIS_HEIGHT + index * LANE_HEIGHT;
  const segments = lane.segments.map((segment) => segmentSvg(segment, y, x)).join('');
  const end = lane.end === undefined ? '' : endSvg(lane.end.type, lane.end.at, x(lane.end.at), y);
  const leak = lane.leak === undefined ? '' : ' leaked';
  const outcome = lane.end?.type ?? 'open';
  const creatingLine = lane.stack.split('\n')[0]?.trim() ?? '';
  const summary =
    `${lane.kind} ${lane.id}: ` +
    lane.segments.map((segment) => `${segment.state} ${ms(segment.from)}–${ms(segment.to)}`).join(', ') +
    (lane.end === undefined ? ', still open' : `, ${lane.end.type} at ${ms(lane.end.at)}`) +
    (lane.leak === undefined ? '' : `, reported as a leak of ${lane.leak.owner}`);
  return (
    `<g class="lane${leak}" role="listitem" tabindex="0" data-id="${escapeXml(lane.id)}" data-kind="${escapeXml(lane.kind)}" ` +
    `data-outcome="${outcome}" ` +
    `data-details="${idPrefix}-${index}" aria-label="${escapeXml(summary)}">` +
    `<title>${escapeXml(`${summary}\n${lane.label}\ncreated ${creatingLine}`)}</title>` +
    `<rect class="lane-bg" x="0" y="${y}" width="${WIDTH}" height="${LANE_HEIGHT}"/>` +
    `<text class="lane-label" x="6" y="${y + 15}">${escapeXml(short(laneName(lane), 28))}</text>` +
    segments +
    end +
    '</g>'
  );
}

function segmentSvg(segment: Segment, y: number, x: (at: number) => number): string {
  const left = x(segment.from);
  const width = Math.max(1, x(segment.to) - left);
  const style = stateStyle(segment.state);
  // The state's name inside the bar when it fits: the cue that needs no colour at all.
  const text =
    width > segment.state.length * 7 + 6
      ? `<text class="seg-label" x="${fixed(left + 4)}" y="${y + 15}">${escapeXml(segment.state)}</text>`
      : '';
  return (
    `<rect class="seg s${style}" x="${fixed(left)}" y="${y + 3}" width="${fixed(width)}" height="${LANE_HEIGHT - 6}" ` +
    `data-state="${escapeXml(segment.state)}" data-from="${Math.round(segment.from)}" data-to="${Math.round(segment.to)}">` +
    `<title>${escapeXml(`${segment.state}: ${ms(segment.from)} to ${ms(segment.to)}`)}</title></rect>` +
    `<rect class="seg-pattern p${style}" x="${fixed(left)}" y="${y + 3}" width="${fixed(width)}" height="${LANE_HEIGHT - 6}" aria-hidden="true"/>` +
    text
  );
}

/** Closed: a circle; forced: a cross; failed: a triangle. Shapes, so the outcome does not rest on colour. */
function endSvg(type: 'closed' | 'forced' | 'failed', ms: number, at: number, y: number): string {
  const mid = y + LANE_HEIGHT / 2;
  const data = `class="end end-${type}" data-end="${type}" data-at="${Math.round(ms)}"`;
  if (type === 'closed') return `<circle ${data} cx="${fixed(at)}" cy="${mid}" r="5"/>`;
  if (type === 'forced') return `<path ${data} d="M${fixed(at - 5)} ${mid - 5}l10 10m0 -10l-10 10"/>`;
  return `<path ${data} d="M${fixed(at)} ${mid - 6}l6 11h-12z"/>`;
}

function markerSvg(marker: Marker, x: (at: number) => number, height: number): string {
  const left = fixed(x(marker.at));
  return (
    `<g class="marker marker-${marker.type}" data-marker="${marker.type}" data-at="${Math.round(marker.at)}">` +
    `<title>${escapeXml(`${marker.text} at ${ms(marker.at)}`)}</title>` +
    `<line x1="${left}" x2="${left}" y1="${AXIS_HEIGHT - 4}" y2="${height}"/>` +
    `<rect class="marker-hit" x="${fixed(x(marker.at) - 3)}" y="${AXIS_HEIGHT - 4}" width="6" height="${height - AXIS_HEIGHT + 4}"/>` +
    '</g>'
  );
}

/** `connection-1-…` needs no `connection` before it; `socket-3` of kind `server-socket` does. */
function laneName(lane: Lane): string {
  return lane.id.startsWith(`${lane.kind}-`) ? lane.id : `${lane.kind} ${lane.id}`;
}

function short(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
