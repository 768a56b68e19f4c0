/**
 * The service map as inline SVG (no namespace URL needed inside HTML) plus the same numbers as a
 * table. Services are laid out in columns by call depth: a service sits one column right of the
 * furthest-right service calling it (bounded passes, so call cycles cannot loop forever).
 */
import type { ServiceEdge } from '../types';
import { formatDuration, formatPercent } from './format';
import { html, type Html } from './html-escape';

const NODE_W = 170;
const NODE_H = 34;
const COL_GAP = 110;
const ROW_GAP = 30;
const PAD = 24;

/** `key` makes the arrow marker's id unique when a page holds several maps. */
export function htmlServiceMap(edges: readonly ServiceEdge[], services: readonly string[], key: string): Html {
  const arrowId = `tw-arrow-${key}`;
  const names = [...new Set([...services, ...edges.flatMap((edge) => [edge.from, edge.to])])];
  if (names.length === 0) return html`<p class="muted">No spans.</p>`;
  const column = new Map(names.map((name) => [name, 0]));
  for (let pass = 0; pass < names.length; pass++) {
    let changed = false;
    for (const edge of edges) {
      if (edge.from === edge.to) continue;
      const next = Math.min(names.length - 1, column.get(edge.from)! + 1);
      if (next > column.get(edge.to)!) {
        column.set(edge.to, next);
        changed = true;
      }
    }
    if (!changed) break;
  }
  const rowsUsed = new Map<number, number>();
  const position = new Map<string, { x: number; y: number }>();
  for (const name of names) {
    const col = column.get(name)!;
    const row = rowsUsed.get(col) ?? 0;
    rowsUsed.set(col, row + 1);
    position.set(name, { x: PAD + col * (NODE_W + COL_GAP), y: PAD + 16 + row * (NODE_H + ROW_GAP) });
  }
  const width = PAD * 2 + (Math.max(...column.values()) + 1) * (NODE_W + COL_GAP) - COL_GAP;
  const height = PAD * 2 + 16 + Math.max(...rowsUsed.values()) * (NODE_H + ROW_GAP);

  const arrows = edges.map((edge) => {
    const from = position.get(edge.from)!;
    const to = position.get(edge.to)!;
    const label = `${edge.calls}× · ${formatPercent(edge.errorRate)} err · p50 ${formatDuration(edge.p50)} · p99 ${formatDuration(edge.p99)}`;
    const failing = edge.errors > 0 ? 'failing' : '';
    if (edge.from === edge.to) {
      const x = from.x + NODE_W / 2;
      return html`<g><path class="${failing}" marker-end="url(#${arrowId})" d="M ${x - 20} ${from.y} C ${x - 40} ${from.y - 36}, ${x + 40} ${from.y - 36}, ${x + 20} ${from.y}"></path><text class="edge" x="${x + 44}" y="${from.y - 18}">${label}</text></g>`;
    }
    const forward = to.x > from.x;
    const x1 = forward ? from.x + NODE_W : from.x + NODE_W / 2;
    const y1 = forward ? from.y + NODE_H / 2 : from.y + NODE_H;
    const x2 = forward ? to.x : to.x + NODE_W / 2;
    const y2 = forward ? to.y + NODE_H / 2 : to.y;
    const cx = (x1 + x2) / 2 + (forward ? 0 : 60);
    const cy = (y1 + y2) / 2;
    return html`<g><path class="${failing}" marker-end="url(#${arrowId})" d="M ${x1} ${y1} Q ${cx} ${cy - 8}, ${x2} ${y2}"></path><text class="edge" x="${cx - 60}" y="${cy - 12}">${label}</text></g>`;
  });
  const nodes = names.map((name) => {
    const { x, y } = position.get(name)!;
    return html`<g><rect x="${x}" y="${y}" width="${NODE_W}" height="${NODE_H}" rx="6"></rect><text x="${x + 10}" y="${y + 21}">${name.length > 24 ? `${name.slice(0, 23)}…` : name}</text></g>`;
  });
  const table = edges.length === 0
    ? html`<p class="muted">No CLIENT spans, so no calls between services.</p>`
    : html`<table class="list"><tr><th>caller</th><th>callee</th><th>found by</th><th class="num">calls</th><th class="num">errors</th><th class="num">error rate</th><th class="num">p50</th><th class="num">p99</th></tr>${edges.map(
        (edge) => html`<tr><td>${edge.from}</td><td>${edge.to}</td><td>${edge.via}</td><td class="num">${edge.calls}</td><td class="num">${edge.errors}</td><td class="num">${formatPercent(edge.errorRate)}</td><td class="num">${formatDuration(edge.p50)}</td><td class="num">${formatDuration(edge.p99)}</td></tr>`,
      )}</table>`;
  return html`<svg class="map" role="img" aria-label="service map" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">
<defs><marker id="${arrowId}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" style="fill:#667085;stroke:none"></path></marker></defs>
${arrows}${nodes}</svg>
${table}`;
}
