'use strict';
/*
 * The demo site in headless Chromium: structure and keyboard access of the five page types,
 * search, pagination, layout at 360px, print styles, pages with JavaScript off, screenshots.
 *
 * Screenshots (full page, 360px and 1280px) go to tests/e2e/artefacts/ on every run. With
 * VINHDANH_UPDATE_SCREENSHOTS=1 the committed ones in docs/screenshots/ are written again
 * (viewport-high, to keep them small).
 */

const { test, before, after, describe } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { startAll, PAGES, LISTING, COMMUNE, ARTEFACTS, SCREENSHOTS_DOCS } = require('./lib/site');

let site;

before(async () => {
  site = await startAll();
  fs.mkdirSync(ARTEFACTS, { recursive: true });
});

after(async () => {
  if (site) await site.close();
});

/**
 * Opens `p` in a new page and records what went wrong while loading it: script errors,
 * console errors and responses of 400 and more.
 */
async function open(p, options = {}) {
  const page = await site.newPage(options);
  const problems = [];
  page.on('pageerror', (error) => problems.push(`script error: ${error.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !(msg.location().url || '').endsWith('/favicon.ico')) problems.push(`console error: ${msg.text()} (${msg.location().url})`);
  });
  page.on('response', (response) => {
    // The theme has no favicon; Chromium asks for /favicon.ico all the same.
    if (response.status() >= 400 && !response.url().endsWith('/favicon.ico')) problems.push(`${response.status()} ${response.url()}`);
  });
  const response = await page.goto(site.url(p), { waitUntil: 'load' });
  assert.equal(response.status(), 200, `${p}: HTTP status`);
  return { page, problems, done: () => page.context().close() };
}

/** Runs `fn` with a page open at `p`, closing it afterwards. */
async function withPage(p, fn, options) {
  const opened = await open(p, options);
  try {
    return await fn(opened.page, opened.problems);
  } finally {
    await opened.done();
  }
}

describe('page structure (WCAG 2.1 AA basics)', () => {
  for (const { path: p, what } of [...PAGES, LISTING, COMMUNE]) {
    test(`${what} ${p}: lang, one h1, landmarks, heading order, tables, images, charts`, async () => {
      await withPage(p, async (page, problems) => {
        const facts = await page.evaluate(() => {
          const visible = (el) => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
          const headings = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
            .filter((h) => visible(h) || h.closest('main, header, footer'))
            .map((h) => ({ level: Number(h.tagName[1]), text: h.textContent.trim().slice(0, 60) }));
          return {
            lang: document.documentElement.getAttribute('lang'),
            title: document.title,
            h1: document.querySelectorAll('h1').length,
            headings,
            tablesWithoutCaption: [...document.querySelectorAll('main table')]
              .filter((t) => !t.caption || !t.caption.textContent.trim())
              .map((t) => t.outerHTML.slice(0, 80)),
            thWithoutScope: [...document.querySelectorAll('main table th')]
              .filter((th) => !['col', 'row', 'colgroup', 'rowgroup'].includes(th.getAttribute('scope')))
              .map((th) => th.textContent.trim().slice(0, 40)),
            imagesWithoutAlt: [...document.querySelectorAll('img')]
              .filter((img) => !img.hasAttribute('alt'))
              .map((img) => img.src),
            // Each chart (inline SVG) is an image with a name, or hidden beside a table.
            chartsWithoutText: [...document.querySelectorAll('main svg')]
              .filter((svg) => {
                if (svg.closest('[aria-hidden="true"]')) return false;
                const named = svg.getAttribute('aria-label') || svg.getAttribute('aria-labelledby') || svg.querySelector(':scope > title');
                return !(svg.getAttribute('role') === 'img' && named);
              })
              .map((svg) => svg.outerHTML.slice(0, 80)),
            chartsWithTable: [...document.querySelectorAll('main .bieu-do')].map((chart) =>
              Boolean(chart.closest('section') && chart.closest('section').querySelector('table'))),
          };
        });
        assert.equal(facts.lang, 'vi', 'html lang');
        assert.ok(facts.title.trim(), 'a non-empty <title>');
        assert.equal(facts.h1, 1, 'exactly one h1');
        assert.equal(facts.headings[0].level, 1, `the first heading is the h1: ${JSON.stringify(facts.headings[0])}`);
        for (let i = 1; i < facts.headings.length; i++) {
          const { level, text } = facts.headings[i];
          assert.ok(level <= facts.headings[i - 1].level + 1,
            `heading order: h${level} "${text}" follows h${facts.headings[i - 1].level} "${facts.headings[i - 1].text}"`);
        }
        assert.deepEqual(facts.tablesWithoutCaption, [], 'every table has a caption');
        assert.deepEqual(facts.thWithoutScope, [], 'every header cell has a scope');
        assert.deepEqual(facts.imagesWithoutAlt, [], 'every image has an alt attribute');
        assert.deepEqual(facts.chartsWithoutText, [], 'every chart is a named image (role="img" with a label)');
        assert.ok(facts.chartsWithTable.every(Boolean), 'every chart has its data table beside it');

        // Landmarks, by their roles: one banner, one main, one contentinfo, navigation.
        assert.equal(await page.getByRole('banner').count(), 1, 'one header (banner)');
        assert.equal(await page.getByRole('main').count(), 1, 'one main');
        assert.equal(await page.getByRole('contentinfo').count(), 1, 'one footer (contentinfo)');
        assert.ok(await page.getByRole('navigation').count() >= 1, 'a nav');
        const navNames = await page.$$eval('nav', (navs) => navs.map((n) => n.getAttribute('aria-label')));
        assert.ok(navNames.every(Boolean), `every nav has a name: ${JSON.stringify(navNames)}`);
        assert.equal(new Set(navNames).size, navNames.length, `nav names differ: ${JSON.stringify(navNames)}`);

        assert.deepEqual(problems, [], 'no script errors or failed requests');
      });
    });

    test(`${what} ${p}: the skip link is the first Tab stop and moves focus to main`, async () => {
      await withPage(p, async (page) => {
        await page.keyboard.press('Tab');
        const first = await page.evaluate(() => {
          const a = document.activeElement;
          const box = a.getBoundingClientRect();
          return { cls: a.className, href: a.getAttribute('href'), visible: box.width > 0 && box.height > 0 && box.left >= 0 && box.top >= 0 };
        });
        assert.equal(first.cls, 'skip-link', 'first Tab stop');
        assert.equal(first.href, '#noi-dung');
        assert.ok(first.visible, 'the skip link is on screen when focused');
        await page.keyboard.press('Enter');
        await page.waitForFunction(() => document.activeElement && document.activeElement.tagName === 'MAIN');
        assert.equal(await page.evaluate(() => document.activeElement.id), 'noi-dung');
        // The next Tab goes on inside main, not back to the header.
        await page.keyboard.press('Tab');
        assert.ok(await page.evaluate(() => Boolean(document.activeElement.closest('main'))), 'Tab after the skip link stays in main');
      });
    });
  }

  test('focus is visible: links, nav links, table scroll boxes and form fields change look when focused', async () => {
    const check = async (p, selectors) => withPage(p, async (page) => {
      const look = (selector) => page.$eval(selector, (el) => {
        const s = getComputedStyle(el);
        return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.backgroundColor, s.color].join('|');
      });
      for (const selector of selectors) {
        const plain = await look(selector);
        await page.focus(selector);
        const focused = await look(selector);
        assert.notEqual(focused, plain, `${p} ${selector} has a focus style`);
        await page.evaluate(() => document.activeElement.blur());
      }
    });
    await check('/tinh/bac-ninh/', ['.dau-trang__ten', '.dieu-huong a', 'main a', '.bang-cuon[tabindex="0"]', '.chan-trang a']);
    await check('/tim-kiem/', ['#q', '#loc-tinh', '#tim-kiem button']);
  });
});

describe('search', () => {
  const searchFor = async (page, query) => {
    await page.fill('#q', '');
    await page.fill('#q', query);
    await page.waitForFunction(() => document.querySelector('#ket-qua li'), null, { timeout: 15_000 });
    await page.waitForFunction(() => /\d/.test(document.getElementById('ket-qua-trang-thai').textContent));
    return page.$$eval('#ket-qua a', (links) => links.map((a) => ({ href: a.getAttribute('href'), text: a.textContent })));
  };

  test('"nguyen van an" without diacritics finds Gia đình ông Nguyễn Văn An', async () => {
    await withPage('/tim-kiem/', async (page, problems) => {
      const results = await searchFor(page, 'nguyen van an');
      const hit = results.find((r) => new URL(r.href).pathname === '/ho-so/gd-nguyen-van-an/');
      assert.ok(hit, `a link to /ho-so/gd-nguyen-van-an/ among ${JSON.stringify(results.slice(0, 5))}`);
      assert.match(hit.text, /Nguyễn Văn An/);
      assert.match(page.url(), /[?&]q=nguyen(\+|%20)van(\+|%20)an/, 'the query is in the address');
      const found = await page.getAttribute('#tim-kiem', 'data-msg-found');
      const foundRe = new RegExp(`^${found.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace('{n}', '[\\d.]+')}$`);
      assert.match((await page.textContent('#ket-qua-trang-thai')).trim(), foundRe, 'the status line says how many were found');
      // The result opens the record.
      await Promise.all([page.waitForURL('**/ho-so/gd-nguyen-van-an/'), page.click(`#ket-qua a[href="${hit.href}"]`)]);
      assert.match(await page.textContent('h1'), /Nguyễn Văn An/);
      assert.deepEqual(problems, []);
    });
  });

  test('"hoà" and "dang" find Vietnamese names with diacritics', async () => {
    await withPage('/tim-kiem/', async (page, problems) => {
      const hoa = await searchFor(page, 'hoà');
      assert.ok(hoa.some((r) => /Hòa|Hoà/u.test(r.text.normalize('NFC'))), `a name written Hòa or Hoà among ${hoa.map((r) => r.text).join('; ')}`);
      const dang = await searchFor(page, 'dang');
      assert.ok(dang.length > 0);
      assert.ok(dang.some((r) => /Đặng/u.test(r.text)), `a name with Đặng among ${JSON.stringify(dang.slice(0, 5))}`);
      assert.deepEqual(problems, []);
    });
  });

  test('"Nguyễn Đình" puts Dòng họ Nguyễn Đình in the first three results, with or without diacritics', async () => {
    await withPage('/tim-kiem/', async (page, problems) => {
      for (const query of ['Nguyễn Đình', 'nguyen dinh']) {
        const results = await searchFor(page, query);
        const first = results.slice(0, 3).map((r) => new URL(r.href).pathname);
        assert.ok(first.includes('/ho-so/dh-nguyen-dinh-tien-du/'), `${query}: the clan among ${JSON.stringify(results.slice(0, 3))}`);
      }
      assert.deepEqual(problems, []);
    }, { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  });

  test('a word found only in the text of a story finds that story', async () => {
    await withPage('/tim-kiem/', async (page, problems) => {
      // "lo âu" is in the body of the story, not in its title or summary, nor in any name.
      const results = await searchFor(page, 'lo âu');
      assert.deepEqual(results.map((r) => new URL(r.href).pathname), ['/cau-chuyen/truong-tieu-hoc-kinh-bac-thay-co-cung-hoc/']);
      assert.match(results[0].text, /Trường Tiểu học Kinh Bắc/);
      assert.deepEqual(problems, []);
    }, { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  });

  test('a query in the address runs on load, and an unknown word says nothing was found', async () => {
    await withPage('/tim-kiem/?q=nguyen+van+an', async (page) => {
      await page.waitForSelector('#ket-qua a[href$="/ho-so/gd-nguyen-van-an/"]', { timeout: 15_000 });
      assert.equal(await page.inputValue('#q'), 'nguyen van an');
      await page.fill('#q', 'zzzqqxx');
      await page.waitForFunction(() => document.getElementById('ket-qua-trang-thai').textContent.trim() ===
        document.getElementById('tim-kiem').dataset.msgNone);
      assert.equal(await page.locator('#ket-qua li').count(), 0);
    });
  });
});

describe('pagination', () => {
  test('the "next" link of a title listing opens page 2, marked aria-current="page"', async () => {
    await withPage(LISTING.path, async (page, problems) => {
      const nav = page.locator('nav.phan-trang');
      assert.equal(await nav.count(), 1, 'a pagination nav');
      assert.ok((await nav.getAttribute('aria-label')).trim(), 'the pagination nav has a name');
      assert.match(await nav.locator('[aria-current="page"]').textContent(), /\b1\b/);
      const next = nav.locator('a[rel="next"]');
      await Promise.all([page.waitForURL('**/danh-hieu/gia-dinh-hoc-tap/trang/2/'), next.click()]);
      assert.equal(new URL(page.url()).pathname, '/danh-hieu/gia-dinh-hoc-tap/trang/2/');
      const current = page.locator('.phan-trang [aria-current="page"]');
      assert.equal(await current.count(), 1, 'one current page');
      assert.match(await current.textContent(), /\b2\b/);
      assert.equal(await current.evaluate((el) => el.closest('a')), null, 'the current page is not a link');
      assert.equal(await page.locator('.phan-trang a[rel="prev"]').count(), 1, 'page 2 links back');
      assert.match(await page.textContent('h1'), /2\/\d+/);
      assert.deepEqual(problems, []);
    });
  });
});

describe('layout at 360px', () => {
  for (const { path: p, what } of [...PAGES, LISTING, COMMUNE]) {
    test(`${what} ${p}: nothing overflows at 360px`, async () => {
      await withPage(p, async (page) => {
        const result = await page.evaluate(() => {
          const width = document.documentElement.clientWidth;
          const wide = [];
          for (const el of document.body.querySelectorAll('*')) {
            const box = el.getBoundingClientRect();
            if (box.width === 0 || box.right <= width + 0.5) continue;
            // Content of a box that scrolls sideways on its own is fine.
            let scroller = el.parentElement;
            let contained = false;
            while (scroller && scroller !== document.body) {
              const ox = getComputedStyle(scroller).overflowX;
              if (ox === 'auto' || ox === 'scroll' || ox === 'hidden' || ox === 'clip') { contained = true; break; }
              scroller = scroller.parentElement;
            }
            if (!contained && !el.closest('.an-di')) {
              wide.push(`${el.tagName.toLowerCase()}${el.className ? '.' + String(el.className).split(' ').join('.') : ''} right=${Math.round(box.right)}`);
            }
          }
          return { scrollWidth: document.documentElement.scrollWidth, wide: wide.slice(0, 10) };
        });
        assert.ok(result.scrollWidth <= 360, `scrollWidth ${result.scrollWidth} > 360; too wide: ${result.wide.join(', ')}`);
        assert.deepEqual(result.wide, [], 'no element sticks out of the page');
      }, { viewport: { width: 360, height: 740 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true });
    });
  }

  test('the other page types do not overflow at 360px either', async () => {
    for (const p of ['/danh-hieu/', '/khen-thuong/', '/khen-thuong/bang-khen-tinh/', '/dot/2025/', '/cau-chuyen/', '/du-lieu/', '/gioi-thieu/', '/404.html']) {
      await withPage(p, async (page) => {
        const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(scrollWidth <= 360, `${p}: scrollWidth ${scrollWidth} > 360`);
      }, { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    }
  });

  test('every box that scrolls sideways at 360px can be reached and scrolled with the keyboard', async () => {
    for (const { path: p } of [...PAGES, LISTING, COMMUNE]) {
      await withPage(p, async (page) => {
        const bad = await page.evaluate(() => [...document.querySelectorAll('main *')]
          .filter((el) => {
            const ox = getComputedStyle(el).overflowX;
            return (ox === 'auto' || ox === 'scroll') && el.scrollWidth > el.clientWidth + 1;
          })
          .filter((el) => !(el.tabIndex === 0 && el.getAttribute('role') === 'region' &&
            (el.getAttribute('aria-label') || (el.getAttribute('aria-labelledby') || '').split(' ').every((id) => id && document.getElementById(id)))))
          .map((el) => `${el.tagName.toLowerCase()}.${el.className} (${el.textContent.trim().slice(0, 50)}…)`));
        assert.deepEqual(bad, [], `${p}: scrolling boxes need tabindex="0", role="region" and a name`);
      }, { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    }
  });
});

describe('phone first at 360px', () => {
  const phone = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true };

  /** The elements matching `selector`, each with whether it lies within the screen's width. */
  const placed = (page, selector) => page.$$eval(selector, (els) => els.map((el) => {
    const box = el.getBoundingClientRect();
    const width = document.documentElement.clientWidth;
    return {
      text: el.textContent.trim().replace(/\s+/g, ' ').slice(0, 40),
      inside: box.width > 0 && box.left >= -0.5 && box.right <= width + 0.5,
    };
  }));

  const assertAllInside = (found, what, least) => {
    assert.ok(found.length >= least, `${what}: ${found.length} found, at least ${least} expected`);
    const outside = found.filter((f) => !f.inside).map((f) => f.text);
    assert.deepEqual(outside, [], `${what} outside the screen`);
  };

  test("a story's photo: sized for the screen, its box set before it loads, nothing shifts", async () => {
    const page = await site.newPage(phone);
    try {
      const images = [];
      // Photos arrive late, as on a slow network: the page must not move when they do.
      await page.route(/\.(jpe?g|png|webp)$/, async (route) => {
        await new Promise((resolve) => setTimeout(resolve, 600));
        await route.continue();
      });
      page.on('response', async (response) => {
        if (/^image\//.test(response.headers()['content-type'] || '')) {
          images.push({ url: response.url(), bytes: (await response.body()).length });
        }
      });
      await page.goto(site.url('/cau-chuyen/ba-the-he-cung-den-lop/'), { waitUntil: 'load' });
      const lead = await page.$eval('.bai-viet__anh img', (img) => ({
        width: img.getAttribute('width'),
        height: img.getAttribute('height'),
        srcset: img.getAttribute('srcset') || '',
        current: img.currentSrc,
        shown: img.getBoundingClientRect().width,
      }));
      assert.ok(Number(lead.width) > 0 && Number(lead.height) > 0, `width and height set: ${JSON.stringify(lead)}`);
      assert.match(lead.srcset, /\s480w/, 'a 480px size is offered');
      assert.ok(lead.shown <= 360, `the photo fits the screen: ${lead.shown}px`);
      assert.match(lead.current, /-480\.(jpg|webp)$/, `the 480px size is the one loaded: ${lead.current}`);
      const shift = await page.evaluate(() => new Promise((resolve) => {
        let total = 0;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) total += entry.value;
        }).observe({ type: 'layout-shift', buffered: true });
        setTimeout(() => resolve(total), 300);
      }));
      assert.equal(shift, 0, 'cumulative layout shift while the photo loads');
      const photoBytes = images.filter((i) => /\/anh\//.test(i.url)).reduce((sum, i) => sum + i.bytes, 0);
      assert.ok(photoBytes > 0 && photoBytes < 16000, `the phone downloads ${photoBytes} bytes of photo`);
    } finally {
      await page.context().close();
    }
  });

  test('the overview: every share and status of the progress table lies within the screen', async () => {
    await withPage('/', async (page) => {
      assertAllInside(await placed(page, '.bang--tien-do .o-tien-do__ty-le'), 'shares', 12);
      assertAllInside(await placed(page, '.bang--tien-do .o-tien-do__trang-thai .nhan'), 'statuses', 12);
      assertAllInside(await placed(page, '.bang--tien-do .thieu'), 'gaps', 1);
    }, phone);
  });

  test('a province: every share, target and status of its progress tables lies within the screen', async () => {
    await withPage('/tinh/bac-ninh/', async (page) => {
      assertAllInside(await placed(page, '.bang--so td'), 'cells', 4 * 3 * 7);
      assertAllInside(await placed(page, '.bang--so .nhan'), 'statuses', 12);
      const notMet = await page.locator('.bang--so .nhan--not_met').count();
      assert.ok(notMet >= 1, 'a phase that ended below its target says so');
    }, phone);
  });

  test('a record: every field of its awards and titles tables lies within the screen', async () => {
    await withPage('/ho-so/gd-nguyen-van-an/', async (page) => {
      assertAllInside(await placed(page, '#bang-khen-thuong ~ tbody td, #bang-khen-thuong ~ tbody th'), 'award fields', 3 * 5);
      assertAllInside(await placed(page, '#bang-danh-hieu ~ tbody td, #bang-danh-hieu ~ tbody th'), 'title fields', 3 * 4);
      assertAllInside(await placed(page, '.ly-do'), 'reasons', 3);
    }, phone);
  });

  test('chart text is at least 12px as rendered, and a merger is noted', async () => {
    await withPage('/tinh/bac-ninh/', async (page) => {
      const sizes = await page.$$eval('.bieu-do svg', (svgs) => svgs.flatMap((svg) => {
        const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
        return [...svg.querySelectorAll('text')].map((t) => ({
          text: t.textContent,
          px: parseFloat(getComputedStyle(t).fontSize) * scale,
        }));
      }));
      assert.ok(sizes.length > 20, `${sizes.length} chart texts`);
      const small = sizes.filter((s) => s.px < 12).map((s) => `${s.text} ${s.px.toFixed(1)}px`);
      assert.deepEqual(small, [], 'chart text smaller than 12px');
      const notes = await page.$$eval('.bieu-do svg text', (ts) => ts.filter((t) => /Bắc Giang/.test(t.textContent)).length);
      assert.ok(notes >= 4, 'every chart of the merged province notes the merger');
    }, phone);
  });
});

describe('screenshots', () => {
  const update = process.env.VINHDANH_UPDATE_SCREENSHOTS === '1';

  for (const width of [360, 1280]) {
    test(`the five page types at ${width}px, full page, into tests/e2e/artefacts/`, async () => {
      for (const { name, path: p } of PAGES) {
        const viewport = width === 360 ? { width: 360, height: 740 } : { width: 1280, height: 800 };
        await withPage(p, async (page) => {
          if (name === 'tim-kiem') {
            await page.fill('#q', 'Nguyễn Đình');
            await page.waitForSelector('#ket-qua a[href$="/ho-so/dh-nguyen-dinh-tien-du/"]', { timeout: 15_000 });
            await page.evaluate(() => document.activeElement.blur());
          }
          const file = path.join(ARTEFACTS, `${name}-${width}.png`);
          await page.screenshot({ path: file, fullPage: true });
          assert.ok(fs.statSync(file).size > 5_000, `${file} is a real picture`);
          if (update && (width === 1280 || ['ho-so', 'tinh', 'tim-kiem'].includes(name))) {
            fs.mkdirSync(SCREENSHOTS_DOCS, { recursive: true });
            // On a phone, the part of the page the picture is about.
            const about = { 'ho-so': '#danh-hieu', tinh: '#tien-do-community', 'tim-kiem': '#ket-qua-trang-thai' }[name];
            if (width === 360 && about) await page.locator(about).evaluate((el) => el.scrollIntoView());
            await page.screenshot({ path: path.join(SCREENSHOTS_DOCS, `${name}-${width}.png`), fullPage: false });
          }
        }, { viewport, deviceScaleFactor: 1 });
      }
    });
  }

  test('docs/screenshots/ holds the screenshots the README shows', () => {
    const readme = fs.readFileSync(path.join(SCREENSHOTS_DOCS, '..', '..', 'README.md'), 'utf8');
    const shown = [...readme.matchAll(/!\[([^\]]*)\]\((docs\/screenshots\/[^)\s]+)\)/g)];
    assert.ok(shown.length >= 6, `the README shows the screenshots (${shown.length} found)`);
    for (const [, alt, file] of shown) {
      assert.ok(alt.trim().length > 10, `${file} has alt text`);
      assert.ok(fs.existsSync(path.join(SCREENSHOTS_DOCS, '..', '..', file)), `${file} exists`);
    }
  });
});

describe('print', () => {
  for (const { path: p, what } of [PAGES[2], PAGES[3]]) {
    test(`${what} ${p}: the print stylesheet drops navigation and keeps the content`, async () => {
      await withPage(p, async (page) => {
        await page.emulateMedia({ media: 'print' });
        const shown = await page.evaluate(() => {
          const displayed = (sel) => [...document.querySelectorAll(sel)].some((el) => getComputedStyle(el).display !== 'none');
          return {
            nav: displayed('.dieu-huong'),
            skip: displayed('.skip-link'),
            footerNav: displayed('.chan-trang nav'),
            h1: displayed('h1'),
            main: document.querySelector('main').innerText.length,
            tables: displayed('main table'),
            background: getComputedStyle(document.querySelector('.dau-trang')).backgroundColor,
          };
        });
        assert.equal(shown.nav, false, 'the site navigation is not printed');
        assert.equal(shown.skip, false, 'the skip link is not printed');
        assert.equal(shown.footerNav, false, 'the footer navigation is not printed');
        assert.equal(shown.h1, true, 'the heading is printed');
        assert.ok(shown.main > 200, 'the content is printed');
        if (what === 'record') assert.equal(shown.tables, true, 'the tables are printed');
        assert.match(shown.background, /rgba\(0, 0, 0, 0\)|transparent/, 'no dark header background on paper');
        const pdf = await page.pdf({ format: 'A4', printBackground: false });
        fs.writeFileSync(path.join(ARTEFACTS, `${what}-print.pdf`), pdf);
        assert.ok(pdf.length > 5_000);
      });
    });
  }
});

describe('JavaScript off', () => {
  test('the overview and a record show their content and tables', async () => {
    for (const [p, minRows] of [['/', 3], ['/ho-so/gd-nguyen-van-an/', 1], ['/tinh/bac-ninh/', 1]]) {
      await withPage(p, async (page) => {
        const h1 = page.locator('h1');
        assert.ok(await h1.isVisible(), `${p}: h1 visible`);
        const rows = page.locator('main table tbody tr');
        assert.ok(await rows.count() >= minRows, `${p}: at least ${minRows} table rows`);
        assert.ok(await rows.first().isVisible(), `${p}: table rows visible`);
        assert.ok((await page.locator('main').innerText()).length > 300, `${p}: content shown`);
      }, { javaScriptEnabled: false });
    }
  });

  test('the search page explains itself and links to the lists without JavaScript', async () => {
    await withPage('/tim-kiem/', async (page) => {
      const notice = page.locator('main .thong-bao');
      assert.ok(await notice.isVisible(), 'the noscript notice shows');
      assert.ok(await notice.locator('a').count() >= 2, 'with links to browse instead');
      assert.ok(await page.locator('#q').isVisible(), 'the form is still there');
    }, { javaScriptEnabled: false });
  });
});
