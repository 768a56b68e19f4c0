import { readFile, stat } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { findChromium, runChromium } from './helpers/chromium';
import { runMain } from './helpers/run-main';
import { jsonlLines, KIND, spanId, tempDir, traceIdOf, type SpanSpec, type TempDir } from './helpers/span-files';
import { DEEP_ERROR, SKEW } from './helpers/traces';

/** The first trace's root carries attributes and an event, so the first span clicked has something to show. */
const FIRST: SpanSpec[] = [
  {
    id: 'r', name: 'GET /cart <b>bold</b>', service: 'shop', kind: KIND.SERVER, start: 0, end: 60,
    attributes: { 'http.route': '/cart', 'url.full': 'https://shop.example/cart?x=<y>', 'http.response.status_code': 200 },
    events: [{ name: 'cache miss', at: 5, attributes: { key: 'cart:42' } }],
  },
  { id: 'c', parent: 'r', name: 'GET prices', service: 'shop', kind: KIND.CLIENT, start: 10, end: 50 },
  { id: 's', parent: 'c', name: '<img src=x onerror=alert(1)>', service: 'prices', kind: KIND.SERVER, start: 12, end: 48 },
];

let dir: TempDir;
let report: string;
let page: string;
beforeAll(async () => {
  dir = await tempDir();
  const spans = await dir.write('spans.jsonl', [jsonlLines(traceIdOf(1), FIRST), jsonlLines(traceIdOf(2), DEEP_ERROR), jsonlLines(traceIdOf(3), SKEW)].join('\n'));
  report = `${dir.path}/report.html`;
  const run = await runMain(['view', spans, '--html', report]);
  expect(run.code).toBe(0);
  expect(run.stderr).toMatch(new RegExp(`wrote ${report} \\(3 traces, \\d+ KiB\\)`));
  // --html adds the report; stdout still gets the text
  expect(run.stdout).toContain('Critical path');
  page = await readFile(report, 'utf8');
});
afterAll(() => dir.remove());

describe('the HTML report', () => {
  it('is self-contained: no external src, href, stylesheet, script or CSS url', () => {
    expect(page).not.toMatch(/\b(?:src|href|action|poster|data)\s*=\s*["']?\s*(?:https?:)?\/\//i);
    expect(page).not.toMatch(/<link\b/i);
    expect(page).not.toMatch(/<script\b[^>]*\bsrc\s*=/i);
    expect(page).not.toMatch(/url\(\s*["']?\s*(?:https?:)?\/\//i);
    expect(page).not.toMatch(/@import/i);
    // the only "https://" in it is the span attribute's value, shown as escaped text
    expect(page.match(/https?:\/\//g)).toEqual(['https://']);
    expect(page).toContain('https://shop.example/cart?x=&lt;y&gt;');
  });

  it('escapes everything that came from the span file', () => {
    expect(page).not.toContain('<img src=x');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page).toContain('GET /cart &lt;b&gt;bold&lt;/b&gt;');
  });

  it('has a row for every span, each with hidden details holding its attributes and events', () => {
    const rows = [...page.matchAll(/<div class="row[^"]*" data-span-id="([0-9a-f]{16})" data-details="([^"]+)"/g)];
    expect(rows).toHaveLength(FIRST.length + DEEP_ERROR.length + SKEW.length);
    for (const [, , detailsId] of rows) expect(page).toContain(`<div class="details" id="${detailsId}" hidden>`);
    const first = page.slice(page.indexOf(`id="d-${traceIdOf(1)}-${spanId('r')}"`));
    const details = first.slice(0, first.indexOf('</div>\n'));
    expect(details).toContain('<tr><th>http.route</th><td>/cart</td></tr>');
    expect(details).toContain('<tr><th>http.response.status_code</th><td>200</td></tr>');
    expect(details).toContain('cache miss');
    expect(details).toContain('<tr><th>key</th><td>cart:42</td></tr>');
  });

  it('marks the bottleneck, critical path and failed spans, and explains the error path', () => {
    expect(page).toContain(`<div class="row crit bottleneck error" data-span-id="${spanId('d')}"`);
    expect(page).toMatch(/<b>Error path:<\/b> first failure <span class="note error">SELECT stock \(inventory\)<\/span>, ended at \+40\.0ms: timeout after 28ms; propagated to GET \/stock \(inventory\) → /);
    expect(page).toContain('clock skew: shifted +3.00ms with its subtree for the critical path');
  });

  it('draws the service map as inline SVG, with the numbers in a table', () => {
    expect(page).toContain('<svg class="map"');
    expect(page).not.toContain('xmlns');
    expect(page).toContain('<tr><td>gateway</td><td>orders</td><td>server-span</td><td class="num">2</td><td class="num">1</td><td class="num">50.0%</td><td class="num">20.0ms</td><td class="num">45.0ms</td></tr>');
    expect(page).toMatch(/<text x="[\d.]+" y="[\d.]+">prices<\/text>/);
  });
});

const chromium = findChromium();
const chromiumTest = chromium === undefined ? test.skip : test;
const CHROMIUM_TEST = chromium === undefined
  ? 'renders in headless Chromium: SKIPPED, neither chromium nor chromium-browser is on PATH (Debian: apt-get install chromium)'
  : 'renders in headless Chromium: a click opens the span\'s attributes and events, and a screenshot is taken';
if (chromium === undefined) {
  console.warn(`[tracewire cli] ${CHROMIUM_TEST}`);
}

describe('the HTML report in a browser', () => {
  chromiumTest(CHROMIUM_TEST, async () => {
    const url = pathToFileURL(report).href;
    const detailsId = `d-${traceIdOf(1)}-${spanId('r')}`;
    // before any click the details are hidden: the DOM after the script ran still says so
    const untouched = await runChromium(chromium!, url, ['--dump-dom']);
    expect(untouched).toContain(`<div class="details" id="${detailsId}" hidden="">`);
    // #click-first makes the page click its first span row, as a user would
    const clicked = await runChromium(chromium!, `${url}#click-first`, ['--dump-dom']);
    expect(clicked).toMatch(new RegExp(`<div class="row crit selected" data-span-id="${spanId('r')}"[^>]*aria-expanded="true"`));
    const open = clicked.slice(clicked.indexOf(`<div class="details" id="${detailsId}">`));
    expect(open.length).toBeLessThan(clicked.length);
    expect(open).toContain('<tr><th>http.route</th><td>/cart</td></tr>');
    expect(open).toContain('cache miss');
    // and a picture of it
    const shot = `${dir.path}/report.png`;
    await runChromium(chromium!, `${url}#click-first`, [`--screenshot=${shot}`, '--window-size=1280,900', '--hide-scrollbars']);
    const png = await readFile(shot);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    // IHDR holds the size: the window we asked for
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1280, 900]);
    expect((await stat(shot)).size).toBeGreaterThan(10_000);
  }, 240_000);
});
