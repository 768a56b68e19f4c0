/**
 * The report's inline stylesheet and script. Nothing is loaded from anywhere: the file must open
 * offline and leak nothing about the traces to a third party.
 */
export const STYLE = `
:root { --bg:#fff; --fg:#1d2433; --muted:#667085; --line:#e4e7ec; --span:#9db4d6; --crit:#e8a317; --bottleneck:#d6336c; --err:#d92d20; --sel:#eef4ff; }
* { box-sizing: border-box; }
body { margin: 0; padding: 16px 24px; font: 13px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 16px; margin: 28px 0 6px; } h3 { font-size: 14px; margin: 16px 0 6px; }
.muted, .legend { color: var(--muted); } .legend span { margin-right: 14px; }
.sw { display: inline-block; width: 18px; height: 9px; vertical-align: middle; margin-right: 4px; border-radius: 2px; }
.trace { border-top: 2px solid var(--line); margin-top: 18px; }
.waterfall { border: 1px solid var(--line); border-radius: 6px; overflow: hidden; }
.row { display: grid; grid-template-columns: minmax(220px, 32%) 130px 80px 1fr; align-items: center; gap: 8px; padding: 2px 8px; cursor: pointer; border-bottom: 1px solid var(--line); }
.row:hover, .row:focus { background: var(--sel); outline: none; } .row.selected { background: var(--sel); font-weight: 600; }
.row .name { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; } .row .svc { color: #3b6fb6; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.row .dur { text-align: right; font-variant-numeric: tabular-nums; }
.row.error .name { color: var(--err); } .mark { display: inline-block; width: 1.2em; }
.track { position: relative; height: 14px; background: repeating-linear-gradient(90deg, transparent 0 9.9%, var(--line) 9.9% 10%); }
.bar { position: absolute; top: 2px; height: 10px; min-width: 2px; background: var(--span); border-radius: 2px; }
.row.error .bar { background: #f5a8a1; }
.seg { position: absolute; top: 2px; height: 10px; min-width: 2px; background: var(--crit); }
.row.bottleneck .seg { background: var(--bottleneck); }
.details { padding: 8px 16px 12px 32px; background: #fafbfc; border-bottom: 1px solid var(--line); }
.details table { border-collapse: collapse; margin: 4px 0 8px; } .details th, .details td { text-align: left; vertical-align: top; padding: 2px 12px 2px 0; font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12px; }
.details th { color: var(--muted); font-weight: normal; } .note { color: #9a6700; } .note.error { color: var(--err); }
table.list { border-collapse: collapse; } table.list th, table.list td { padding: 3px 14px 3px 0; text-align: left; border-bottom: 1px solid var(--line); font-variant-numeric: tabular-nums; }
td.num, th.num { text-align: right; }
svg.map { border: 1px solid var(--line); border-radius: 6px; background: #fcfcfd; max-width: 100%; }
svg.map rect { fill: #eef4ff; stroke: #3b6fb6; } svg.map text { font-size: 12px; fill: var(--fg); }
svg.map path { fill: none; stroke: #667085; stroke-width: 1.4; } svg.map path.failing { stroke: var(--err); }
svg.map text.edge { font-size: 11px; fill: var(--muted); }
`;

/** Click a span row to open or close its details; `#click-first` or `#span=<id>` opens one on load (used by tests and links). */
export const SCRIPT = `
(function () {
  function toggle(row) {
    var details = document.getElementById(row.getAttribute('data-details'));
    if (!details) return;
    var open = details.hasAttribute('hidden');
    if (open) details.removeAttribute('hidden'); else details.setAttribute('hidden', '');
    row.classList.toggle('selected', open);
    row.setAttribute('aria-expanded', String(open));
  }
  var rows = document.querySelectorAll('.row[data-details]');
  for (var i = 0; i < rows.length; i++) {
    rows[i].addEventListener('click', function () { toggle(this); });
    rows[i].addEventListener('keydown', function (event) {
      if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); toggle(this); }
    });
  }
  var hash = decodeURIComponent(location.hash || '');
  var target = null;
  if (hash === '#click-first') target = rows[0];
  else if (hash.indexOf('#span=') === 0) target = document.querySelector('.row[data-span-id="' + hash.slice(6).replace(/[^0-9a-f]/g, '') + '"]');
  if (target) { target.click(); target.scrollIntoView({ block: 'center' }); }
})();
`;
