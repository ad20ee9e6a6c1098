// The HTML report in a real browser: Debian's headless Chromium driven by playwright-core (CI's .ci/run installs
// it; a browser is never downloaded). Build first: `npm run build`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { ROOT, run } from '../helpers/cli.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(ROOT, 'test-artifacts');
/** the brand of fixtures/brands/turn-down-reseller-wine.yaml */
const WINE = 'Cave du Marché';

// No silent skip: without the browser this test fails and says what to install (SKIP_BROWSER_TESTS=1 opts out)
describe.skipIf(!!process.env.SKIP_BROWSER_TESTS)('html report in headless Chromium', () => {
  let browser: Browser;
  const dir = mkdtempSync(join(tmpdir(), 'market-ready-html-'));
  const report = join(dir, 'report.html');
  const baseline = join(dir, 'previous.json');

  beforeAll(async () => {
    // a baseline in which one brand was worse (two criteria it now meets were failing, 6.4 points lower), so the
    // report shows progress as a consultant coming back months later would see it
    const prev = await run(['assess', 'fixtures/brands', '--format', 'json']);
    type Earlier = { brand: string; score: number; findings: { ruleId: string; status: string }[]; passed: string[] };
    const earlier = JSON.parse(prev.stdout) as { results: Earlier[] };
    const wine = earlier.results.find((r) => r.brand === WINE)!;
    wine.score = Math.round((wine.score - 6.4) * 10) / 10;
    // v2: a rule met in full is listed in `passed`, not among the findings: the earlier report had it failing
    for (const id of ['localization/social-channels', 'partners/alipay']) {
      const finding = wine.findings.find((f) => f.ruleId === id);
      if (finding) finding.status = 'fail';
      else {
        expect(wine.passed).toContain(id);
        wine.passed = wine.passed.filter((p) => p !== id);
        wine.findings.push({ ruleId: id, status: 'fail' });
      }
    }
    writeFileSync(baseline, JSON.stringify(earlier));
    const r = await run([
      'assess',
      'fixtures/brands',
      '--format',
      'html',
      '-o',
      report,
      '--baseline',
      baseline,
      '--lang',
      'en',
      '-q',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    if (!existsSync(CHROMIUM))
      throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium), as .ci/run does`);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('shows the verdict banners and the SVG charts, with no console error and no network request', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
    const consoleErrors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    page.on('request', (req) => {
      if (!req.url().startsWith('file:')) requests.push(req.url());
    });
    await page.goto(pathToFileURL(report).href, { waitUntil: 'load' });

    expect(await page.getAttribute('html', 'lang')).toBe('en');
    const banners = page.locator('.banner[data-verdict]');
    expect(await banners.count()).toBeGreaterThan(5);
    expect(await banners.first().isVisible()).toBe(true);
    const verdicts = await banners.locator('.verdict').allInnerTexts();
    expect(verdicts.some((v) => v.includes('APPROVE'))).toBe(true);
    expect(verdicts.some((v) => v.includes('TURN DOWN'))).toBe(true);
    // the overview's distribution chart and each brand's category chart are drawn, with real sizes
    const distribution = page.locator('figure.distribution svg');
    expect(await distribution.isVisible()).toBe(true);
    expect((await distribution.boundingBox())!.width).toBeGreaterThan(300);
    expect(await distribution.locator('rect').count()).toBeGreaterThan(0);
    const categories = page.locator('figure.categories .cats').first();
    expect(await categories.isVisible()).toBe(true);
    expect(await categories.locator('.name').count()).toBeGreaterThanOrEqual(6);
    expect(await categories.locator('.val').count()).toBe(await categories.locator('.name').count());
    expect((await categories.locator('.track > span').first().boundingBox())!.width).toBeGreaterThan(0);
    expect(await page.locator('section.plan').count()).toBeGreaterThan(0);
    expect(await page.locator('.change').count()).toBeGreaterThan(0);
    expect(await page.locator('script').count()).toBe(0);

    mkdirSync(ARTIFACTS, { recursive: true });
    // a full page of 29 brands took Chromium 15 s alone and over 30 s (the screenshot's default timeout) while the
    // rest of the suite and other work shared the two cores: the screenshot and the test get room for that
    await page.screenshot({ path: join(ARTIFACTS, 'report.png'), fullPage: true, timeout: 120_000 });
    // the README's picture: a turned-down brand from its banner to its plan, at a readable size. It is copied to
    // docs/ when missing or with UPDATE_SCREENSHOT=1, so that ordinary runs do not rewrite a committed file
    const readme = join(ARTIFACTS, 'report-screenshot.png');
    const brand = page.locator(`article.brand[aria-label="${WINE}"]`);
    expect(await brand.locator('.change').innerText()).toMatch(
      /was turned down at [\d.]+ \+6\.4\s+now passing: Active Chinese social accounts localization\/social-channels; Alipay accepted partners\/alipay/,
    );
    const box = (await brand.boundingBox())!;
    await page.screenshot({
      path: readme,
      fullPage: true,
      clip: { x: 0, y: box.y, width: 1100, height: Math.min(box.height, 1250) },
    });
    const docs = join(ROOT, 'docs', 'report-screenshot.png');
    if (process.env.UPDATE_SCREENSHOT || !existsSync(docs)) {
      mkdirSync(join(ROOT, 'docs'), { recursive: true });
      copyFileSync(readme, docs);
    }

    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
    // two full-page screenshots of 29 brands: some 30 s on a loaded two-core machine, more under heavier load
  }, 240_000);

  it('prints: the print stylesheet starts each brand on a new page and the PDF has pages', async () => {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(report).href);
    await page.emulateMedia({ media: 'print' });
    // the test compiles without the DOM library: reach the browser's getComputedStyle through globalThis
    type Styles = { getComputedStyle(el: unknown): { breakBefore: string } };
    expect(
      await page
        .locator('article.brand')
        .nth(1)
        .evaluate((el) => (globalThis as unknown as Styles).getComputedStyle(el).breakBefore),
    ).toBe('page');
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
    await page.close();
  });

  it('on a phone, each cell of a findings or plan block says which column it is, and nothing sticks out', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 800 } });
    await page.goto(pathToFileURL(report).href);
    // the test compiles without the DOM library: reach the browser's getComputedStyle through globalThis
    type Styles = { getComputedStyle(el: unknown, pseudo: string): { content: string; display: string } };
    const before = (selector: string): Promise<string> =>
      page
        .locator(selector)
        .first()
        .evaluate((el) => (globalThis as unknown as Styles).getComputedStyle(el, '::before').content);
    const brand = `article.brand[aria-label="${WINE}"]`;
    // the tables are blocks there, their heads hidden
    expect(
      await page
        .locator(`${brand} table.findings td`)
        .first()
        .evaluate((el) => (globalThis as unknown as Styles).getComputedStyle(el, '').display),
    ).toBe('block');
    expect(await before(`${brand} table.findings tbody tr td:nth-child(3)`)).toBe('"profile says: "');
    expect(await before(`${brand} table.findings tbody tr td:nth-child(4)`)).toBe('"expected: "');
    expect(await before(`${brand} table.findings tbody tr td:nth-child(6)`)).toBe('"effort: "');
    expect(await before(`${brand} .plan.to-approve tbody tr td:nth-child(5)`)).toBe('"points won: "');
    expect(await before(`${brand} .plan.to-approve tbody tr td:nth-child(6)`)).toBe('"score after: "');
    expect(await before('.plan.at-risk tbody tr td:nth-child(3)')).toBe('"points lost: "');
    // the status and the rule's name need no label
    expect(await before(`${brand} table.findings tbody tr td:nth-child(2)`)).toBe('none');
    // the category chart keeps the text's size: each name above its bar, the points beside it, all in the window
    type Sized = { getComputedStyle(el: unknown): { fontSize: string } };
    const chart = page.locator(`${brand} figure.categories`);
    for (const part of ['.name', '.val']) {
      const size = await chart
        .locator(part)
        .first()
        .evaluate((el) => (globalThis as unknown as Sized).getComputedStyle(el).fontSize);
      expect(parseFloat(size)).toBeGreaterThanOrEqual(12);
    }
    const name = (await chart.locator('.name').first().boundingBox())!;
    const bar = (await chart.locator('.track').first().boundingBox())!;
    const points = (await chart.locator('.val').first().boundingBox())!;
    expect(name.y + name.height).toBeLessThanOrEqual(bar.y + 1);
    expect(points.x + points.width).toBeLessThanOrEqual(390);
    expect(bar.width).toBeGreaterThan(150);
    // the batch's score distribution, a drawing 960 units wide, keeps words a person can read (they were 4 px)
    const bands = page.locator('figure.distribution svg text');
    expect(await bands.count()).toBeGreaterThan(10);
    for (const band of (await bands.all()).slice(0, 12))
      expect((await band.boundingBox())!.height).toBeGreaterThanOrEqual(8);
    const widths = await page.evaluate(() => {
      const doc = (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document;
      return doc.documentElement.scrollWidth;
    });
    expect(widths).toBeLessThanOrEqual(390);
    await page.close();
    // on a desktop the columns' heads say it: no label in the cells
    const desktop = await browser.newPage({ viewport: { width: 1100, height: 800 } });
    await desktop.goto(pathToFileURL(report).href);
    expect(
      await desktop
        .locator(`${brand} table.findings tbody tr td:nth-child(3)`)
        .first()
        .evaluate((el) => (globalThis as unknown as Styles).getComputedStyle(el, '::before').content),
    ).toBe('none');
    await desktop.close();
  });

  it('prints a brand for its management: from the first page, with room for what to do', async () => {
    const single = join(dir, 'single.html');
    const r = await run([
      'assess',
      'fixtures/brands/turn-down-reseller-wine.yaml',
      '--format',
      'html',
      '-o',
      single,
      '--lang',
      'fr',
    ]);
    expect(r.code).toBe(1);
    // an A4 page less its 14 mm margins, in CSS pixels: the width the PDF is laid out at
    const page = await browser.newPage({ viewport: { width: 688, height: 1000 } });
    await page.goto(pathToFileURL(single).href);
    await page.emulateMedia({ media: 'print' });
    type Styles = { getComputedStyle(el: unknown): { breakBefore: string } };
    // a single brand starts under the report's title, not on a second page after a page with the title alone
    expect(
      await page
        .locator('article.brand')
        .first()
        .evaluate((el) => (globalThis as unknown as Styles).getComputedStyle(el).breakBefore),
    ).not.toBe('page');
    // the remedies are prose: on paper their column is the widest, not a strip a few words wide
    const table = (await page.locator('table.findings').first().boundingBox())!;
    const remedy = (await page.locator('table.findings tbody tr td:nth-child(5)').first().boundingBox())!;
    expect(remedy.width / table.width).toBeGreaterThan(0.3);
    const planTable = (await page.locator('.plan.to-approve table').boundingBox())!;
    const planRemedy = (await page.locator('.plan.to-approve tbody tr td:nth-child(3)').first().boundingBox())!;
    expect(planRemedy.width / planTable.width).toBeGreaterThan(0.35);
    // and the status chips stay inside their cell
    const status = (await page.locator('table.findings tbody tr td:nth-child(1)').first().boundingBox())!;
    for (const chip of await page.locator('table.findings tbody tr:first-child td:nth-child(1) .chip').all()) {
      const box = (await chip.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(status.x + status.width + 1);
    }
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
    await page.close();
  });

  it('writes a single self-contained file', () => {
    const text = readFileSync(report, 'utf8');
    expect(text).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
    expect(text).not.toMatch(/(src|href)\s*=\s*["']?https?:/i);
  });
});
