/**
 * A span that records nothing but carries ids: what a remote parent looks like once extracted,
 * what an unsampled (or disabled, or exporter-less) span is, and what a misused API returns.
 * Propagation and log correlation work through it exactly as through a recording span.
 */
import type { Attributes, AttributeValue, CurrentIds, Link, Span, SpanContext, SpanStatus, TimeInput } from '../types';
import { makeCurrentIds } from './current-ids';

export class NonRecordingSpan implements Span {
  private readonly context: SpanContext;
  private readonly localRootSpanId: string;
  private cachedIds: CurrentIds | undefined;

  /** `localRootSpanId` defaults to the span's own id (a remote parent or a local root). */
  constructor(spanContext: SpanContext, localRootSpanId: string = spanContext.spanId) {
    this.context = spanContext;
    this.localRootSpanId = localRootSpanId;
  }

  spanContext(): SpanContext {
    return this.context;
  }

  isRecording(): boolean {
    return false;
  }

  ids(): CurrentIds {
    return (this.cachedIds ??= makeCurrentIds(this.context, this.localRootSpanId));
  }

  setAttribute(_key: string, _value: AttributeValue | undefined): this {
    return this;
  }

  setAttributes(_attributes: Attributes): this {
    return this;
  }

  addEvent(_name: string, _attributes?: Attributes, _time?: TimeInput): this {
    return this;
  }

  addLink(_link: Link): this {
    return this;
  }

  recordException(_exception: unknown, _attributes?: Attributes, _time?: TimeInput): this {
    return this;
  }

  setStatus(_status: SpanStatus): this {
    return this;
  }

  updateName(_name: string): this {
    return this;
  }

  end(_endTime?: TimeInput): void {}
}
