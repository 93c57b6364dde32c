'use strict';
/*
 * The Nu HTML Checker (vnu-jar, on the machine's Java) over every HTML file of the demo build:
 * no errors. The style sheet is checked too.
 */

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { execFile } = require('node:child_process');
const path = require('node:path');
const { buildSite, filesUnder } = require('./lib/site');

const VNU = String(require('vnu-jar'));
const JAVA = process.env.JAVA || 'java';

let site;

before(async () => {
  site = await buildSite();
});

after(async () => {
  if (site) await site.remove();
});

/** Runs vnu with `args`; resolves to its parsed JSON messages. */
function vnu(args) {
  return new Promise((resolve, reject) => {
    execFile(JAVA, ['-Xss1m', '-jar', VNU, '--format', 'json', ...args], { maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
      // vnu writes its JSON report to stderr and exits 1 when it found errors.
      const text = (stderr || stdout || '').trim();
      try {
        resolve(JSON.parse(text).messages);
      } catch {
        reject(new Error(`vnu did not give a JSON report (${error ? error.message : 'exit 0'}):\n${text.slice(0, 2000)}`));
      }
    });
  });
}

function report(dir, messages) {
  return messages
    .slice(0, 100)
    .map((m) => {
      const file = m.url ? path.relative(dir, decodeURIComponent(new URL(m.url).pathname)) : '?';
      return `  ${file}:${m.lastLine ?? '?'}:${m.firstColumn ?? m.lastColumn ?? '?'}: ${m.type}${m.subType ? '/' + m.subType : ''}: ${m.message}` +
        (m.extract ? `\n      ${m.extract.replace(/\s+/g, ' ').slice(0, 160)}` : '');
    })
    .join('\n') + (messages.length > 100 ? `\n  ... and ${messages.length - 100} more` : '');
}

test('vnu: every HTML page of the demo build is valid', async (t) => {
  const pages = filesUnder(site.dir, '.html');
  assert.ok(pages.length > 100, `the demo build has its pages (${pages.length})`);
  const messages = await vnu(['--errors-only', '--skip-non-html', site.dir]);
  const errors = messages.filter((m) => m.type === 'error' || m.type === 'non-document-error' || m.subType === 'fatal');
  t.diagnostic(`vnu checked ${pages.length} HTML files: ${errors.length} error(s)`);
  assert.equal(errors.length, 0, `vnu found ${errors.length} error(s) in ${new Set(errors.map((m) => m.url)).size} file(s):\n${report(site.dir, errors)}`);
});

test('vnu: the theme style sheet is valid CSS', async () => {
  const css = path.join(site.dir, 'style.css');
  const messages = await vnu(['--errors-only', '--css', css]);
  const errors = messages.filter((m) => m.type === 'error' || m.type === 'non-document-error');
  assert.equal(errors.length, 0, `vnu found CSS errors:\n${report(site.dir, errors)}`);
});
