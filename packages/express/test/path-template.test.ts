import { formatPath, joinTemplate, mountTemplate, templateFromValues } from '../src/path-template';

// Pure rules for turning the paths Express was given into route templates (no framework needed).
describe('path templates', () => {
  test('formatPath: strings as given, RegExps as source text, arrays joined with ","', () => {
    expect(formatPath('/users/:id')).toBe('/users/:id');
    expect(formatPath(/^\/x\/\d+$/i)).toBe('/^\\/x\\/\\d+$/i');
    expect(formatPath(['/a/:id', /^\/b$/])).toBe('/a/:id,/^\\/b$/');
    expect(formatPath([])).toBeUndefined();
    expect(formatPath(42)).toBeUndefined();
  });

  test('joinTemplate: no doubled or trailing slash from a router\'s "/" route', () => {
    expect(joinTemplate('', '/users')).toBe('/users');
    expect(joinTemplate('/api', '/')).toBe('/api');
    expect(joinTemplate('/api', '/users/:id')).toBe('/api/users/:id');
    expect(joinTemplate('/api', 'users')).toBe('/api/users');
    expect(joinTemplate('', '/')).toBe('/');
  });

  test('templateFromValues: parameter values in the matched prefix become :name, left to right', () => {
    expect(templateFromValues('/tenants/42', ['tenantId'], { tenantId: '42' })).toBe('/tenants/:tenantId');
    expect(templateFromValues('/a/7/b/7', ['x', 'y'], { x: '7', y: '7' })).toBe('/a/:x/b/:y');
    expect(templateFromValues('/orgs/acme%20inc/', ['org'], { org: 'acme inc' })).toBe('/orgs/:org');
    expect(templateFromValues('/files/report-9', ['id'], { id: '9' })).toBe('/files/report-:id');
    expect(templateFromValues('/static', [], {})).toBe('/static');
    expect(templateFromValues('/opt', ['missing'], {})).toBe('/opt');
  });

  test('mountTemplate: a kept mount path wins; trailing slashes go; without one the values are replaced', () => {
    expect(mountTemplate('/api/', '/api', [], {})).toBe('/api');
    expect(mountTemplate('/', '', [], {})).toBe('');
    expect(mountTemplate(['/a', '/b'], '/a', [], {})).toBe('/a,/b');
    expect(mountTemplate(undefined, '/t/9', ['t'], { t: '9' })).toBe('/t/:t');
    expect(mountTemplate(undefined, '', [], {})).toBe('');
  });
});
