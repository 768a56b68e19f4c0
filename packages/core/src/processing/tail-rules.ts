/**
 * The rules of tail-based sampling, checked once they are built: which spans mark their local
 * trace (status ERROR, a matching attribute), and the keep-or-drop decision for a whole local
 * trace. The probabilistic share is `traceIdRatio`'s R ≥ T rule on the trace id (SPEC-NOTES §9.4),
 * so services keeping the same share keep the same traces, whole.
 */
import { invalidOption } from '../errors';
import { traceIdRatio } from '../sampling/trace-id-ratio';
import {
  SamplingDecision,
  SpanKind,
  SpanStatusCode,
  type AttributeMatch,
  type AttributePrimitive,
  type AttributeValue,
  type ReadableSpan,
  type Sampler,
  type TailSamplingReason,
  type TailSamplingRules,
} from '../types';

/** The attribute on a kept local root saying which rule kept its trace. */
export const SAMPLING_REASON_ATTRIBUTE = 'tracewire.sampling.reason';

interface AttributeRule {
  readonly key: string;
  readonly values: readonly AttributeMatch[];
}

/** What the rules need to know about a local trace to decide it. */
export interface TraceFacts {
  readonly traceId: string;
  /** some span had status ERROR */
  readonly error: boolean;
  /** some span had a matching attribute */
  readonly attribute: boolean;
  /** the local root's duration, or a lower bound of it when the root has not ended */
  readonly durationMillis: number;
}

export class TailRules {
  private readonly errors: boolean;
  private readonly slowMillis: number;
  private readonly attributeRules: readonly AttributeRule[];
  private readonly share: Sampler | undefined;
  /** One reused parameter object for the share's sampler: decisions are synchronous. */
  private readonly probe = { parent: undefined, traceId: '', name: '', kind: SpanKind.INTERNAL, attributes: {}, links: [], context: undefined };

  constructor(rules: TailSamplingRules | undefined) {
    if (rules !== undefined && (rules === null || typeof rules !== 'object')) throw invalidOption('rules', rules, 'an object');
    const { errors, slowMillis, attributes, ratio } = rules ?? {};
    if (errors !== undefined && typeof errors !== 'boolean') throw invalidOption('rules.errors', errors, 'true or false');
    this.errors = errors ?? true;
    if (slowMillis !== undefined && !(typeof slowMillis === 'number' && slowMillis >= 0 && Number.isFinite(slowMillis))) {
      throw invalidOption('rules.slowMillis', slowMillis, 'a finite number of milliseconds, at least 0');
    }
    this.slowMillis = slowMillis ?? Infinity;
    this.attributeRules = attributeRules(attributes);
    if (ratio !== undefined && !(typeof ratio === 'number' && ratio >= 0 && ratio <= 1)) throw invalidOption('rules.ratio', ratio, 'a number from 0 to 1');
    this.share = ratio === undefined || ratio === 0 ? undefined : traceIdRatio(ratio);
  }

  isError(span: ReadableSpan): boolean {
    return this.errors && span.status.code === SpanStatusCode.ERROR;
  }

  hasAttribute(span: ReadableSpan): boolean {
    for (const rule of this.attributeRules) if (valueMatches(span.attributes[rule.key], rule.values)) return true;
    return false;
  }

  /** The first rule keeping the trace, in the documented order, or undefined to drop it. */
  decide(facts: TraceFacts): TailSamplingReason | undefined {
    if (facts.error) return 'error';
    if (facts.durationMillis >= this.slowMillis) return 'slow';
    if (facts.attribute) return 'attribute';
    if (this.share === undefined) return undefined;
    this.probe.traceId = facts.traceId;
    return this.share.shouldSample(this.probe).decision === SamplingDecision.RECORD_AND_SAMPLE ? 'probabilistic' : undefined;
  }
}

function attributeRules(attributes: TailSamplingRules['attributes']): AttributeRule[] {
  if (attributes === undefined) return [];
  if (attributes === null || typeof attributes !== 'object') throw invalidOption('rules.attributes', attributes, 'an object of attribute names to values');
  return Object.keys(attributes).map((key) => {
    const wanted = attributes[key];
    const list: readonly unknown[] = Array.isArray(wanted) ? wanted : [wanted];
    if (list.length === 0 || !list.every(isAttributeMatch)) {
      throw invalidOption(`rules.attributes["${key}"]`, wanted, 'a string, number, boolean or RegExp, or a non-empty list of them');
    }
    // without g/y a RegExp keeps no state between tests (lastIndex), so every span is tested alike
    const values = list.map((value) => (value instanceof RegExp ? new RegExp(value.source, value.flags.replace(/[gy]/g, '')) : value));
    return { key, values };
  });
}

function isAttributeMatch(value: unknown): value is AttributeMatch {
  return value instanceof RegExp || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && !Number.isNaN(value));
}

/** A scalar matches when equal to a wanted value or (strings) matching a wanted RegExp; a list when any item does. */
function valueMatches(value: AttributeValue | undefined, wanted: readonly AttributeMatch[]): boolean {
  if (value === undefined) return false;
  if (!Array.isArray(value)) return scalarMatches(value as AttributePrimitive, wanted);
  for (const item of value as ReadonlyArray<AttributePrimitive | null | undefined>) {
    if (item !== null && item !== undefined && scalarMatches(item, wanted)) return true;
  }
  return false;
}

function scalarMatches(value: AttributePrimitive, wanted: readonly AttributeMatch[]): boolean {
  for (const match of wanted) {
    if (match instanceof RegExp ? typeof value === 'string' && match.test(value) : match === value) return true;
  }
  return false;
}
