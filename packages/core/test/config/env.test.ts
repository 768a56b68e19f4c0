import { setDiagLogger } from '../../src/diag';
import { readBoolean, readEnum, readInteger, readList, readNumber, readString } from '../../src/config/env';
import { buildResource, parseResourceAttributes } from '../../src/config/resource';

let warnings: string[] = [];
beforeEach(() => {
  warnings = [];
  setDiagLogger({ warn: (m) => warnings.push(m), error: (m) => warnings.push(m) });
});
afterAll(() => setDiagLogger(null));

describe('env readers (SPEC-NOTES 0.6)', () => {
  test('empty and whitespace values read as unset, without warnings', () => {
    const env = { A: '', B: '   ' };
    expect(readString(env, 'A')).toBeUndefined();
    expect(readInteger(env, 'B')).toBeUndefined();
    expect(readBoolean(env, 'A')).toBeUndefined();
    expect(warnings).toEqual([]);
  });

  test.each([
    ['true', true, 0],
    ['TRUE', true, 0],
    ['false', false, 0],
    ['1', false, 1],
    ['yes', false, 1],
  ])('boolean %j → %s (%i warnings)', (value, expected, warningCount) => {
    expect(readBoolean({ FLAG_FOR_TEST: value }, 'FLAG_FOR_TEST')).toBe(expected);
    expect(warnings.length).toBe(warningCount);
  });

  test('integers: valid range, invalid warns once naming variable and value', () => {
    expect(readInteger({ N: '2048' }, 'N')).toBe(2048);
    expect(readInteger({ N: '0' }, 'N')).toBe(0);
    expect(readInteger({ N_BAD: '-5' }, 'N_BAD')).toBeUndefined();
    expect(readInteger({ N_BAD: '-5' }, 'N_BAD')).toBeUndefined();
    expect(readInteger({ N_FLOAT: '1.5' }, 'N_FLOAT')).toBeUndefined();
    expect(readInteger({ N_BIG: '2147483648' }, 'N_BIG')).toBeUndefined();
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toContain('N_BAD');
    expect(warnings[0]).toContain('"-5"');
  });

  test('numbers in range', () => {
    expect(readNumber({ R: '0.25' }, 'R', 0, 1)).toBe(0.25);
    expect(readNumber({ R2: '1.5' }, 'R2', 0, 1)).toBeUndefined();
    expect(readNumber({ R3: 'abc' }, 'R3', 0, 1)).toBeUndefined();
    expect(warnings).toHaveLength(2);
  });

  test('enums are case-insensitive; unknown values warn and read as unset', () => {
    expect(readEnum({ E: 'Always_On' }, 'E', ['always_on', 'always_off'])).toBe('always_on');
    expect(readEnum({ E2: 'sometimes' }, 'E2', ['always_on', 'always_off'])).toBeUndefined();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('E2');
  });

  test('lists are trimmed, lowercased and de-duplicated', () => {
    expect(readList({ L: ' TraceContext, baggage ,tracecontext,, ' }, 'L')).toEqual(['tracecontext', 'baggage']);
  });
});

describe('resource', () => {
  test('OTEL_RESOURCE_ATTRIBUTES is percent-decoded', () => {
    expect(parseResourceAttributes({ OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=prod, team=a%2Cb,k%3D=v%3D' })).toEqual({
      'deployment.environment': 'prod',
      team: 'a,b',
      'k=': 'v=',
    });
  });

  test('a decoding error discards the whole variable and warns', () => {
    expect(parseResourceAttributes({ OTEL_RESOURCE_ATTRIBUTES: 'a=1,b=%E0%A4%A' })).toEqual({});
    expect(parseResourceAttributes({ OTEL_RESOURCE_ATTRIBUTES: 'a=1,novalue' })).toEqual({});
    expect(warnings.length).toBe(2);
  });

  test('precedence: code > OTEL_SERVICE_NAME > OTEL_RESOURCE_ATTRIBUTES > default', () => {
    const env = { OTEL_SERVICE_NAME: 'from-env', OTEL_RESOURCE_ATTRIBUTES: 'service.name=from-attrs,team=core' };
    expect(buildResource({}, {}).attributes['service.name']).toMatch(/^unknown_service:/);
    expect(buildResource({}, { OTEL_RESOURCE_ATTRIBUTES: 'service.name=from-attrs' }).attributes['service.name']).toBe('from-attrs');
    expect(buildResource({}, env).attributes['service.name']).toBe('from-env');
    const coded = buildResource({ serviceName: 'from-code', serviceVersion: '1.2.3', resourceAttributes: { team: 'web' } }, env);
    expect(coded.attributes).toMatchObject({ 'service.name': 'from-code', 'service.version': '1.2.3', team: 'web' });
    expect(coded.attributes['telemetry.sdk.language']).toBe('nodejs');
    expect(coded.attributes['telemetry.sdk.name']).toBe('tracewire');
    expect(coded.attributes['telemetry.sdk.version']).toMatch(/^\d+\.\d+\.\d+/);
  });
});
