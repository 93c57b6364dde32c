/*
 * tim-kiem.js: the /tim-kiem/ search page. Plain JavaScript, no dependencies, no build step;
 * loaded with `defer` on that page only (the only page that needs JavaScript).
 *
 * It reads the static index written by src/render/search.rs (its module comment describes the
 * files) and downloads only meta.json, the shards of the query's words, the lists of the filters
 * chosen and the chunks of the results shown, each once per page view.
 *
 * DOM contract (the page template follows it):
 *
 *   <form id="tim-kiem" method="get" data-index="/tim-kiem/chi-muc/"
 *         data-msg-found="Tìm thấy {n} kết quả" data-msg-none="Không tìm thấy kết quả nào"
 *         data-msg-loading="Đang tìm…" data-msg-error="Không tải được chỉ mục tìm kiếm."
 *         data-msg-more="Xem thêm kết quả">
 *     <input id="q" name="q" type="search">
 *     <select id="loc-tinh" name="tinh">            <option value="">(all)</option> province slugs
 *     <select id="loc-loai" name="loai">            <option value="">(all)</option> family clan community unit citizen
 *     <select id="loc-danh-hieu" name="danh-hieu">  <option value="">(all)</option> title ids
 *     <button type="submit">…</button>
 *   </form>
 *   <p id="ket-qua-trang-thai" role="status" aria-live="polite"></p>
 *   <ol id="ket-qua"></ol>
 *
 * - data-index: URL of the index folder, resolved against the page, so a preview under another
 *   base path works. Every data-msg-* is optional (the Vietnamese text above is the default);
 *   {n} is replaced by the count, formatted for the page's lang.
 * - Each result is <li><a href="URL">NAME</a> — COMMUNE</li>, built with textContent. When there
 *   are more results than shown, a <button> "more" is added right after the list.
 * - ?q=&tinh=&loai=&danh-hieu= in the page URL run a search on load; every search writes them
 *   back with history.replaceState, so results can be linked.
 *
 * Matching: the query is folded exactly as fold() in search.rs (no diacritics, đ → d, lower case),
 * every word must match (AND), a word of two letters or more matches every indexed word it starts
 * ("ngu" finds "nguyễn"), a one-letter word only itself. Whole-word matches are listed first.
 *
 * In Node (no document) nothing runs and the search core is exported, for the benchmark in
 * benches/search_size.sh.
 */
(() => {
  'use strict';

  const PAGE = 20;
  const DEBOUNCE_MS = 250;
  const DEFAULT_MESSAGES = {
    msgFound: 'Tìm thấy {n} kết quả',
    msgNone: 'Không tìm thấy kết quả nào',
    msgLoading: 'Đang tìm…',
    msgError: 'Không tải được chỉ mục tìm kiếm.',
    msgMore: 'Xem thêm kết quả',
  };
  /** Form field name (as in the URL and meta.json's facets) to the id of its <select>. */
  const FILTERS = { tinh: 'loc-tinh', loai: 'loc-loai', 'danh-hieu': 'loc-danh-hieu' };

  /** The search normal form; identical to fold() in src/render/search.rs. */
  const fold = (text) =>
    String(text)
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .replace(/[đĐ]/g, 'd')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, ' ')
      .trim();

  /** Marks the ids of encoded postings (gaps; -k = k more consecutive ids) with at least `value`. */
  function markPostings(encoded, marks, value) {
    let id = -1;
    for (const n of encoded) {
      if (n > 0) {
        id += n;
        if (marks[id] < value) marks[id] = value;
      } else {
        for (let k = n; k < 0; k++) {
          id++;
          if (marks[id] < value) marks[id] = value;
        }
      }
    }
  }

  /** Whether the shard `key` may hold a word matching the query word `word`. */
  function shardNeeded(key, word, prefixLen) {
    if (key.endsWith('_')) {
      const exact = key.slice(0, -1);
      return word.length < prefixLen ? exact === word : exact.startsWith(word);
    }
    return word.length >= prefixLen && (key.startsWith(word) || word.startsWith(key));
  }

  /**
   * The search over an index whose files `load(name, version)` returns as parsed JSON (a promise);
   * `name` is relative to the index folder, `version` is null for meta.json. Files are cached.
   */
  function createIndex(load) {
    const files = new Map();
    let metaPromise = null;

    function meta() {
      if (!metaPromise) {
        metaPromise = load('meta.json', null);
        metaPromise.catch(() => { metaPromise = null; });
      }
      return metaPromise;
    }

    function get(name) {
      if (!files.has(name)) {
        const file = meta().then((m) => load(name, m.version));
        file.catch(() => files.delete(name));
        files.set(name, file);
      }
      return files.get(name);
    }

    async function wordMarks(m, word) {
      const marks = new Uint8Array(m.count);
      const keys = m.shards.filter((key) => shardNeeded(key, word, m.prefix_len));
      const shards = await Promise.all(keys.map((key) => get(`tu/${key}.json`)));
      for (const shard of shards) {
        for (const token of Object.keys(shard)) {
          if (token === word) markPostings(shard[token], marks, 2);
          else if (word.length >= m.prefix_len && token.startsWith(word)) markPostings(shard[token], marks, 1);
        }
      }
      return marks;
    }

    async function filterMarks(m, facet, value) {
      const i = (m.facets[facet] || []).indexOf(value);
      if (i < 0) return null;
      const marks = new Uint8Array(m.count);
      markPostings(await get(`loc/${facet}-${i}.json`), marks, 2);
      return marks;
    }

    /** Matching entry ids: whole-word matches first, then prefix matches, each in index order. */
    async function search(query, filters = {}) {
      const m = await meta();
      const words = [...new Set(fold(query).split(' ').filter(Boolean))];
      const chosen = Object.keys(filters).filter((facet) => filters[facet]);
      if (!words.length && !chosen.length) return [];
      const marks = await Promise.all([
        ...words.map((word) => wordMarks(m, word)),
        ...chosen.map((facet) => filterMarks(m, facet, filters[facet])),
      ]);
      if (marks.includes(null)) return [];
      const exact = [];
      const prefix = [];
      next: for (let id = 0; id < m.count; id++) {
        let whole = true;
        for (const mark of marks) {
          if (!mark[id]) continue next;
          if (mark[id] !== 2) whole = false;
        }
        (whole ? exact : prefix).push(id);
      }
      return exact.concat(prefix);
    }

    /** [url, name, commune] of each id, fetching only the chunks that hold them. */
    async function entries(ids) {
      const m = await meta();
      const chunks = await Promise.all(ids.map((id) => get(`ban-ghi/${Math.floor(id / m.chunk_size)}.json`)));
      return ids.map((id, k) => chunks[k][id % m.chunk_size]);
    }

    return { meta, search, entries };
  }

  /** Loads index files over HTTP; the version in the URL keeps two builds from mixing. */
  function httpLoader(base) {
    return async (name, version) => {
      const url = new URL(name, base);
      if (version) url.searchParams.set('v', version);
      const response = await fetch(url, version ? {} : { cache: 'no-cache' });
      if (!response.ok) throw new Error(`${response.status} ${url}`);
      return response.json();
    };
  }

  function start() {
    const form = document.getElementById('tim-kiem');
    const input = document.getElementById('q');
    const status = document.getElementById('ket-qua-trang-thai');
    const list = document.getElementById('ket-qua');
    if (!form || !input || !status || !list) return;

    const message = (key) => form.dataset[key] || DEFAULT_MESSAGES[key];
    const base = new URL(form.dataset.index || 'chi-muc/', document.baseURI);
    if (!base.pathname.endsWith('/')) base.pathname += '/';
    const index = createIndex(httpLoader(base));
    const numbers = new Intl.NumberFormat(document.documentElement.lang || 'vi');
    const selects = Object.entries(FILTERS)
      .map(([name, id]) => [name, document.getElementById(id)])
      .filter(([, select]) => select);
    const more = document.createElement('button');
    more.type = 'button';
    more.hidden = true;
    more.textContent = message('msgMore');
    list.after(more);

    let run = 0;
    let results = [];
    let shown = 0;
    let timer = 0;

    const filters = () => Object.fromEntries(selects.map(([name, select]) => [name, select.value]));
    const asked = (query, chosen) => Boolean(fold(query) || Object.values(chosen).some(Boolean));

    function writeUrl(query, chosen) {
      const url = new URL(location.href);
      for (const [name, value] of Object.entries({ q: query.trim(), ...chosen })) {
        if (value) url.searchParams.set(name, value);
        else url.searchParams.delete(name);
      }
      history.replaceState(history.state, '', url);
    }

    function resultItem([url, name, commune]) {
      const item = document.createElement('li');
      const link = document.createElement('a');
      const href = new URL(url, document.baseURI);
      if (href.protocol === 'http:' || href.protocol === 'https:') link.href = href.href;
      link.textContent = name;
      item.append(link);
      if (commune) item.append(` — ${commune}`);
      return item;
    }

    /** Shows the next page of results; returns its first item, or null if a newer search won. */
    async function showMore(current) {
      const ids = results.slice(shown, shown + PAGE);
      const rows = await index.entries(ids);
      if (current !== run) return null;
      const items = rows.map(resultItem);
      list.append(...items);
      shown += ids.length;
      more.hidden = shown >= results.length;
      return items[0] || null;
    }

    async function search() {
      const current = ++run;
      const query = input.value;
      const chosen = filters();
      writeUrl(query, chosen);
      const slow = setTimeout(() => { status.textContent = message('msgLoading'); }, 300);
      try {
        const ids = await index.search(query, chosen);
        if (current !== run) return;
        clearTimeout(slow);
        results = ids;
        shown = 0;
        list.replaceChildren();
        more.hidden = true;
        if (!asked(query, chosen)) status.textContent = '';
        else if (ids.length) status.textContent = message('msgFound').replace('{n}', numbers.format(ids.length));
        else status.textContent = message('msgNone');
        await showMore(current);
      } catch (error) {
        if (current === run) status.textContent = message('msgError');
        console.error(error);
      } finally {
        clearTimeout(slow);
      }
    }

    const params = new URLSearchParams(location.search);
    input.value = params.get('q') || '';
    for (const [name, select] of selects) select.value = params.get(name) || '';

    input.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(search, DEBOUNCE_MS);
    });
    for (const [, select] of selects) select.addEventListener('change', search);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      clearTimeout(timer);
      search();
    });
    more.addEventListener('click', async () => {
      if (more.disabled) return;
      more.disabled = true;
      try {
        const first = await showMore(run);
        first?.querySelector('a')?.focus();
      } catch (error) {
        status.textContent = message('msgError');
        console.error(error);
      } finally {
        more.disabled = false;
      }
    });

    if (asked(input.value, filters())) search();
  }

  if (typeof document !== 'undefined') {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
    else start();
  }
  if (typeof module === 'object' && module.exports) {
    module.exports = { fold, createIndex, shardNeeded, markPostings };
  }
})();
