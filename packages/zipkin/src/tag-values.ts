/**
 * Attribute values as Zipkin tag strings (SPEC-NOTES §8.3): numbers in en-US form (`.` as the
 * decimal point, no grouping), booleans `true`/`false`, arrays as a JSON list.
 */

/** undefined for a value that is not an attribute value (nothing to tag). */
export function toTagValue(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
      // String() never groups digits and always uses '.', whatever the process locale is
      return String(value);
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      return Array.isArray(value) ? JSON.stringify(value) : undefined;
  }
}
