'use strict';
/*
 * axe-core in Chromium on the five page types and a listing page, at 1280px and 360px, and on
 * the search page with results shown: no violation of serious or critical impact. Moderate and
 * minor ones are printed as diagnostics.
 */

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startAll, PAGES, LISTING, COMMUNE } = require('./lib/site');

const AXE = require.resolve('axe-core/axe.min.js');

let site;

before(async () => {
  site = await startAll();
});

after(async () => {
  if (site) await site.close();
});

function describeViolations(violations) {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 5)
        .map((n) => `      ${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ').slice(0, 300)}`)
        .join('\n');
      return `  [${v.impact}] ${v.id}: ${v.help} (${v.nodes.length} element(s))\n${nodes}`;
    })
    .join('\n');
}

async function audit(t, p, viewport, prepare) {
  const context = await site.browser.newContext({ viewport, locale: 'vi-VN' });
  try {
    const page = await context.newPage();
    const response = await page.goto(site.url(p), { waitUntil: 'load' });
    assert.equal(response.status(), 200);
    if (prepare) await prepare(page);
    await page.addScriptTag({ path: AXE });
    const result = await page.evaluate(() =>
      window.axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
        resultTypes: ['violations'],
      }));
    const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    const other = result.violations.filter((v) => !serious.includes(v));
    if (other.length) t.diagnostic(`moderate/minor on ${p} at ${viewport.width}px:\n${describeViolations(other)}`);
    assert.equal(serious.length, 0, `axe-core on ${p} at ${viewport.width}px found serious or critical violations:\n${describeViolations(serious)}`);
  } finally {
    await context.close();
  }
}

for (const { path: p, what } of [...PAGES, LISTING, COMMUNE]) {
  test(`axe-core: ${what} ${p} at 1280px and 360px`, async (t) => {
    await audit(t, p, { width: 1280, height: 800 });
    await audit(t, p, { width: 360, height: 740 });
  });
}

test('axe-core: search page with results shown', async (t) => {
  await audit(t, '/tim-kiem/', { width: 1280, height: 800 }, async (page) => {
    await page.fill('#q', 'nguyen');
    await page.waitForSelector('#ket-qua li', { timeout: 15_000 });
  });
});

test('axe-core: page 2 of a listing, the stories and the 404 page', async (t) => {
  for (const p of ['/danh-hieu/gia-dinh-hoc-tap/trang/2/', '/cau-chuyen/', '/khen-thuong/', '/du-lieu/', '/404.html']) {
    await audit(t, p, { width: 1280, height: 800 });
  }
});
