/**
 * The report page's style and script, inlined so the page needs nothing but
 * itself. Colours are the Okabe-Ito palette (distinct for the common kinds of
 * colour blindness), each state also has its own pattern and its name drawn
 * in the bar; light and dark follow `prefers-color-scheme`.
 */
export const HTML_STYLE = `
:root { color-scheme: light dark; --bg: #ffffff; --fg: #1b1b1b; --muted: #5b5b5b; --line: #d0d0d0; --lane: #f4f4f4;
  --focus: #0b57d0; --s0: #999999; --s1: #e69f00; --s2: #56b4e9; --s3: #009e73; --s4: #f0e442; --s5: #cc79a7;
  --s6: #0072b2; --pat: rgba(0, 0, 0, 0.45); --bad: #b3261e; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #151515; --fg: #ececec; --muted: #b0b0b0; --line: #3c3c3c; --lane: #1f1f1f; --focus: #8ab4f8;
    --s0: #8c8c8c; --s1: #f0a830; --s2: #6cc4f5; --s3: #2bb38a; --s4: #e6dc5a; --s5: #d98fba; --s6: #3d95d6;
    --pat: rgba(0, 0, 0, 0.55); --bad: #f2b8b5; }
}
body { background: var(--bg); color: var(--fg); font: 14px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 1000px; padding: 16px; }
h1 { font-size: 22px; } h2 { font-size: 18px; margin-top: 28px; } h3 { font-size: 15px; }
code, .stack { font-family: ui-monospace, monospace; font-size: 12px; }
.muted { color: var(--muted); } .bad { color: var(--bad); font-weight: 600; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 6px; text-align: left; vertical-align: top; }
tr[hidden] { display: none; }
button { font: inherit; color: inherit; background: var(--lane); border: 1px solid var(--line); border-radius: 4px; padding: 2px 8px; cursor: pointer; }
button[aria-pressed="true"] { border-color: var(--fg); font-weight: 600; }
.filters { display: flex; gap: 6px; flex-wrap: wrap; margin: 8px 0; }
.timeline { display: block; max-width: 100%; height: auto; }
.timeline text { fill: var(--fg); font-size: 11px; }
.tick { stroke: var(--line); } .tick-label { fill: var(--muted) !important; }
.lane-bg { fill: transparent; } .lane:hover .lane-bg, .lane:focus .lane-bg, .lane.selected .lane-bg { fill: var(--lane); }
.lane:focus { outline: none; } .lane:focus .lane-bg { stroke: var(--focus); stroke-width: 3; }
.lane.leaked .lane-label { font-weight: 700; }
.seg { stroke: var(--bg); stroke-width: 0.5; }
.s0 { fill: var(--s0); } .s1 { fill: var(--s1); } .s2 { fill: var(--s2); } .s3 { fill: var(--s3); }
.s4 { fill: var(--s4); } .s5 { fill: var(--s5); } .s6 { fill: var(--s6); }
.seg-pattern { pointer-events: none; } .p3 { fill: none; }
.p0 { fill: url(#pat-dots); } .p1 { fill: url(#pat-diagonal); } .p2 { fill: url(#pat-vertical); }
.p4 { fill: url(#pat-back); } .p5 { fill: url(#pat-cross); } .p6 { fill: url(#pat-horizontal); }
.seg-label { fill: #000 !important; font-weight: 600; pointer-events: none; }
.end { stroke: var(--fg); stroke-width: 2.5; fill: none; } .end-closed { fill: var(--bg); }
.end-failed { fill: var(--bad); }
.marker line { stroke: var(--fg); stroke-width: 1.5; } .marker-hit { fill: transparent; }
.marker-test-end line { stroke-dasharray: 6 3; } .marker-cleanup-start line { stroke-dasharray: 2 3; }
.marker-truncated line { stroke: var(--bad); }
.legend { display: flex; gap: 12px; flex-wrap: wrap; align-items: center; margin: 6px 0; }
.legend svg { vertical-align: middle; }
details > summary { cursor: pointer; }
.instances td:first-child { white-space: nowrap; }
.instances tr.selected { outline: 2px solid var(--focus); }
.stack { white-space: pre-wrap; margin: 0; }
`;

export const HTML_SCRIPT = `
(function () {
  var table = document.getElementById('results');
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var buttons = document.querySelectorAll('[data-filter]');
  function filter(value) {
    rows.forEach(function (row) { row.hidden = value !== 'all' && row.getAttribute('data-results').split(' ').indexOf(value) < 0; });
    buttons.forEach(function (button) { button.setAttribute('aria-pressed', String(button.getAttribute('data-filter') === value)); });
  }
  buttons.forEach(function (button) { button.addEventListener('click', function () { filter(button.getAttribute('data-filter')); }); });
  var sortButton = document.getElementById('sort-time');
  var direction = 0;
  sortButton.addEventListener('click', function () {
    direction = direction === 1 ? -1 : 1;
    var sorted = rows.slice().sort(function (a, b) { return direction * (Number(a.getAttribute('data-ms')) - Number(b.getAttribute('data-ms'))); });
    sorted.forEach(function (row) { table.tBodies[0].appendChild(row); });
    sortButton.parentElement.setAttribute('aria-sort', direction === 1 ? 'ascending' : 'descending');
  });
  function select(lane) {
    document.querySelectorAll('.selected').forEach(function (node) { node.classList.remove('selected'); });
    var row = document.getElementById(lane.getAttribute('data-details'));
    lane.classList.add('selected');
    if (!row) return;
    row.classList.add('selected');
    var details = row.closest('details');
    if (details) details.open = true;
    row.scrollIntoView({ block: 'nearest' });
  }
  document.querySelectorAll('.lane').forEach(function (lane) {
    lane.addEventListener('click', function () { select(lane); });
    lane.addEventListener('keydown', function (event) {
      if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); select(lane); }
    });
  });
})();
`;

/** The patterns the state styles use, defined once for every timeline of the page. */
export const HTML_PATTERNS =
  '<svg width="0" height="0" aria-hidden="true" style="position:absolute"><defs>' +
  '<pattern id="pat-dots" width="6" height="6" patternUnits="userSpaceOnUse"><circle cx="3" cy="3" r="1.2" fill="var(--pat)"/></pattern>' +
  '<pattern id="pat-diagonal" width="6" height="6" patternUnits="userSpaceOnUse"><path d="M0 6L6 0" stroke="var(--pat)" stroke-width="1.5"/></pattern>' +
  '<pattern id="pat-vertical" width="5" height="5" patternUnits="userSpaceOnUse"><path d="M2.5 0V5" stroke="var(--pat)" stroke-width="1.5"/></pattern>' +
  '<pattern id="pat-back" width="6" height="6" patternUnits="userSpaceOnUse"><path d="M0 0L6 6" stroke="var(--pat)" stroke-width="1.5"/></pattern>' +
  '<pattern id="pat-cross" width="6" height="6" patternUnits="userSpaceOnUse"><path d="M0 0L6 6M0 6L6 0" stroke="var(--pat)" stroke-width="1"/></pattern>' +
  '<pattern id="pat-horizontal" width="5" height="5" patternUnits="userSpaceOnUse"><path d="M0 2.5H5" stroke="var(--pat)" stroke-width="1.5"/></pattern>' +
  '</defs></svg>';
