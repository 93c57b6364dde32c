'use strict';
/*
 * Shared helpers of the end-to-end tests.
 *
 * - buildSite(): the demo site at the repository root, built with
 *   `cargo run --release -- build -o <tmp>`, or the folder named by VINHDANH_SITE_DIR (already
 *   built; left as it is).
 * - serve(dir): a tiny static server on 127.0.0.1, port 0: `/a/b/` serves `a/b/index.html`,
 *   `/a/b` redirects to `/a/b/` when that is a folder, anything missing gets 404.html with 404.
 * - launchBrowser(): Debian's Chromium (CHROMIUM_PATH, default /usr/bin/chromium), headless,
 *   with a fresh profile, driven by playwright-core (no browser download).
 * - startAll(): the three above together, with one close() that stops them and removes what
 *   they made.
 */

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const fsp = require('node:fs/promises');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');

const REPO = path.resolve(__dirname, '..', '..', '..');
const E2E = path.resolve(__dirname, '..');
const ARTEFACTS = path.join(E2E, 'artefacts');
const SCREENSHOTS_DOCS = path.join(REPO, 'docs', 'screenshots');

/** The five page types of the issue, and a listing page with pagination. */
const PAGES = [
  { name: 'tong-quan', path: '/', what: 'overview' },
  { name: 'tinh', path: '/tinh/bac-ninh/', what: 'province' },
  { name: 'ho-so', path: '/ho-so/gd-nguyen-van-an/', what: 'record' },
  { name: 'cau-chuyen', path: '/cau-chuyen/ba-the-he-cung-den-lop/', what: 'story' },
  { name: 'tim-kiem', path: '/tim-kiem/', what: 'search' },
];
const LISTING = { name: 'danh-hieu', path: '/danh-hieu/gia-dinh-hoc-tap/', what: 'listing' };
/** A commune page, which its province's table of communes links. */
const COMMUNE = { name: 'xa', path: '/tinh/bac-ninh/xa-tien-du/', what: 'commune' };

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.pdf': 'application/pdf',
};

/** Builds the demo site into a new temporary folder, or takes VINHDANH_SITE_DIR. */
async function buildSite() {
  const given = process.env.VINHDANH_SITE_DIR;
  if (given) {
    const dir = path.resolve(given);
    if (!fs.existsSync(path.join(dir, 'index.html'))) {
      throw new Error(`VINHDANH_SITE_DIR=${given} has no index.html: build the site there first`);
    }
    return { dir, remove: async () => {} };
  }
  const parent = await fsp.mkdtemp(path.join(os.tmpdir(), 'vinhdanh-e2e-'));
  const dir = path.join(parent, 'site');
  try {
    execFileSync('cargo', ['run', '--release', '--quiet', '--', 'build', '-o', dir], {
      cwd: REPO,
      stdio: ['ignore', 'ignore', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    await fsp.rm(parent, { recursive: true, force: true });
    throw new Error(`building the demo site failed:\n${error.stderr || error.message}`);
  }
  return { dir, remove: () => fsp.rm(parent, { recursive: true, force: true }) };
}

/** Serves `dir` on 127.0.0.1 at a free port. Resolves to { origin, close }. */
function serve(dir) {
  const root = path.resolve(dir);
  const server = http.createServer(async (req, res) => {
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { Allow: 'GET, HEAD' }).end();
        return;
      }
      const url = new URL(req.url, 'http://127.0.0.1');
      let pathname;
      try {
        pathname = decodeURIComponent(url.pathname);
      } catch {
        pathname = null;
      }
      const file = pathname === null ? null : path.join(root, pathname);
      if (file === null || (file !== root && !file.startsWith(root + path.sep)) || pathname.includes('\0')) {
        await send(res, req, 400, null, 'bad path');
        return;
      }
      let target = file;
      let stat = await fsp.stat(target).catch(() => null);
      if (stat && stat.isDirectory()) {
        if (!pathname.endsWith('/')) {
          res.writeHead(301, { Location: `${url.pathname}/${url.search}` }).end();
          return;
        }
        target = path.join(target, 'index.html');
        stat = await fsp.stat(target).catch(() => null);
      }
      if (stat && stat.isFile()) {
        await send(res, req, 200, target);
      } else {
        const notFound = path.join(root, '404.html');
        await send(res, req, 404, fs.existsSync(notFound) ? notFound : null, 'not found');
      }
    } catch (error) {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(String(error));
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({
        origin: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

async function send(res, req, status, file, text) {
  if (!file) {
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(req.method === 'HEAD' ? undefined : text);
    return;
  }
  const body = await fsp.readFile(file);
  res.writeHead(status, {
    'Content-Type': TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream',
    'Content-Length': body.length,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/**
 * Headless Debian Chromium driven by playwright-core. chromium.launch() gives it a fresh
 * profile (a new --user-data-dir in the temporary folder, removed on close).
 */
async function launchBrowser() {
  const { chromium } = require('playwright-core');
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
      '--font-render-hinting=none',
    ],
    timeout: 60_000,
  });
}

/** Builds (or takes) the site, serves it and starts the browser. */
async function startAll() {
  const site = await buildSite();
  const server = await serve(site.dir);
  let browser;
  try {
    browser = await launchBrowser();
  } catch (error) {
    await server.close();
    await site.remove();
    throw error;
  }
  return {
    dir: site.dir,
    origin: server.origin,
    url: (p) => new URL(p, server.origin).href,
    browser,
    /** A new browser context (one per test keeps them apart); `options` as playwright's. */
    newPage: async (options = {}) => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'vi-VN', ...options });
      const page = await context.newPage();
      return page;
    },
    close: async () => {
      await browser.close().catch(() => {});
      await server.close();
      await site.remove();
    },
  };
}

/** Every file under `dir` whose name ends with `ext`, as paths relative to `dir`, sorted. */
function filesUnder(dir, ext) {
  const out = [];
  const walk = (d) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.name.endsWith(ext)) out.push(path.relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}

module.exports = {
  REPO,
  E2E,
  ARTEFACTS,
  SCREENSHOTS_DOCS,
  PAGES,
  LISTING,
  COMMUNE,
  buildSite,
  serve,
  launchBrowser,
  startAll,
  filesUnder,
};
