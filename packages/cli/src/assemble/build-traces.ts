/**
 * Spans grouped into traces and linked into trees. A span whose parent is not in the input
 * becomes an extra root, marked with the missing parent's id; so does one caught in a parent
 * cycle (malformed input), so every span is shown exactly once. A span id seen twice in a trace
 * keeps its first record (the same file read twice, or a span exported by two pipelines).
 */
import type { SpanNode, SpanRecord, Trace } from '../types';

export interface Assembly {
  readonly traces: Trace[];
  /** span records dropped because their trace already had that span id */
  readonly duplicates: number;
}

type MutableNode = { -readonly [K in keyof SpanNode]: SpanNode[K] };

export function buildTraces(records: readonly SpanRecord[]): Assembly {
  const groups = new Map<string, Map<string, SpanRecord>>();
  let duplicates = 0;
  for (const record of records) {
    let group = groups.get(record.traceId);
    if (group === undefined) groups.set(record.traceId, (group = new Map()));
    if (group.has(record.spanId)) duplicates++;
    else group.set(record.spanId, record);
  }
  const traces = [...groups.entries()].map(([traceId, group]) => buildTrace(traceId, [...group.values()]));
  return { traces, duplicates };
}

function buildTrace(traceId: string, records: SpanRecord[]): Trace {
  let originUnixNano = records[0]!.startUnixNano;
  for (const record of records) if (record.startUnixNano < originUnixNano) originUnixNano = record.startUnixNano;
  const ms = (unixNano: bigint): number => Number(unixNano - originUnixNano) / 1e6;

  const byId = new Map<string, MutableNode>();
  for (const record of records) {
    const start = ms(record.startUnixNano);
    const end = ms(record.endUnixNano);
    byId.set(record.spanId, {
      record, parent: undefined, children: [], depth: 0, start, end,
      adjStart: start, adjEnd: end, cpStart: start, cpEnd: end,
      skewShift: 0, skewUnresolved: 0, missingParentId: undefined, selfTime: end - start,
    });
  }
  const trueRoots: MutableNode[] = [];
  const orphans: MutableNode[] = [];
  for (const node of byId.values()) {
    const parentId = node.record.parentSpanId;
    const parent = parentId === undefined ? undefined : byId.get(parentId);
    if (parentId === undefined) trueRoots.push(node);
    else if (parent === undefined || parent === node) {
      node.missingParentId = parentId;
      orphans.push(node);
    } else {
      node.parent = parent;
      parent.children.push(node);
    }
  }
  const byTime = (a: SpanNode, b: SpanNode): number => a.start - b.start || b.end - a.end;
  for (const node of byId.values()) node.children.sort(byTime);
  trueRoots.sort(byTime);
  orphans.sort(byTime);

  const spans: SpanNode[] = [];
  const roots: MutableNode[] = [...trueRoots, ...orphans];
  const visited = new Set<SpanNode>();
  const visit = (root: MutableNode): void => {
    root.depth = 0;
    const stack: MutableNode[] = [root];
    while (stack.length > 0) {
      const node = stack.pop()!;
      visited.add(node);
      spans.push(node);
      for (let i = node.children.length - 1; i >= 0; i--) {
        const child = node.children[i] as MutableNode;
        child.depth = node.depth + 1;
        stack.push(child);
      }
    }
  };
  roots.forEach(visit);
  // what is left hangs off a parent cycle: cut it at its earliest span
  for (;;) {
    const rest = [...byId.values()].filter((node) => !visited.has(node)).sort(byTime);
    if (rest.length === 0) break;
    const cut = rest[0]!;
    const parent = cut.parent as MutableNode;
    parent.children.splice(parent.children.indexOf(cut), 1);
    cut.parent = undefined;
    cut.missingParentId = cut.record.parentSpanId;
    roots.push(cut);
    visit(cut);
  }
  const root = trueRoots[0] ?? orphans[0] ?? roots[0]!;
  return { traceId, originUnixNano, root, roots, spans, byId };
}
