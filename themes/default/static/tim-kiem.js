/* /tim-kiem/ search. The index, the DOM this script expects and the ranking are described in
 * src/render/search.rs. Sent with every search page: comments stay short. */
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
  const FILTERS = { tinh: 'loc-tinh', loai: 'loc-loai', 'danh-hieu': 'loc-danh-hieu' };

  // As fold() in search.rs.
  const fold = (text) =>
    String(text)
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .replace(/[đĐ]/g, 'd')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, ' ')
      .trim();

  const MARK_LETTERS = { '\u0300': 'f', '\u0301': 's', '\u0309': 'r', '\u0303': 'x', '\u0323': 'j',
    '\u0302': 'c', '\u0306': 'b', '\u031b': 'h' };

  // [folded, marks] of each word, as words() in search/words.rs.
  function markedWords(text) {
    const words = [];
    let folded = '';
    let marks = [];
    const finish = () => {
      words.push([folded, marks.sort().join('')]);
      folded = '';
      marks = [];
    };
    for (const c of String(text).normalize('NFD')) {
      if (/\p{M}/u.test(c)) {
        if (folded) marks.push(MARK_LETTERS[c] || 'o');
        continue;
      }
      const bar = c === 'đ' || c === 'Đ';
      const letter = bar ? 'd' : c.toLowerCase();
      if (/^[a-z0-9]$/.test(letter) && (bar || c.length === 1)) {
        folded += letter;
        if (bar) marks.push('d');
      } else if (folded) {
        finish();
      }
    }
    if (folded) finish();
    return words;
  }

  // Postings are gaps; -k is k more consecutive ids.
  function forPostings(encoded, each) {
    let id = -1;
    for (const n of encoded) {
      if (n > 0) {
        id += n;
        each(id);
      } else {
        for (let k = n; k < 0; k++) each(++id);
      }
    }
  }

  function markPostings(encoded, marks, value) {
    forPostings(encoded, (id) => { if (marks[id] < value) marks[id] = value; });
  }

  function shardNeeded(key, word, prefixLen) {
    if (key.endsWith('_')) {
      const exact = key.slice(0, -1);
      return word.length < prefixLen ? exact === word : exact.startsWith(word);
    }
    return word.length >= prefixLen && (key.startsWith(word) || word.startsWith(key));
  }

  // load(name, version) gives a file of the index as parsed JSON; version is null for meta.json.
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

    // The score (0-4) of `word` for every entry.
    async function wordMarks(m, word, typed, spelled) {
      const marks = new Uint8Array(m.count);
      const keys = m.shards.filter((key) => shardNeeded(key, word, m.prefix_len));
      const shards = await Promise.all(keys.map((key) => get(`tu/${key}.json`)));
      let wholeFound = false;
      for (const shard of shards) {
        for (const token of Object.keys(shard)) {
          const value = shard[token];
          const postings = Array.isArray(value[0]) ? value[0] : value;
          if (token === word) {
            wholeWord(value, postings, typed, marks);
            wholeFound = wholeFound || postings.length > 0;
          }
          else if (word.length >= m.prefix_len && token.startsWith(word)) markPostings(postings, marks, 2);
        }
      }
      const leads = (m.lead_words || []).map((part, i) => [part, i]).filter(([part]) => (spelled.has(part) || !wholeFound) &&
        (part === word || (word.length >= m.prefix_len && part.startsWith(word))));
      const lists = await Promise.all(leads.map(([, i]) => get(`dau/${i}.json`)));
      lists.forEach((postings, k) => markPostings(postings, marks, spelled.has(leads[k][0]) ? 4 : 1));
      return marks;
    }

    async function wholeNameMarks(m, whole) {
      const marks = new Uint8Array(m.count);
      const key = whole.slice(0, m.prefix_len);
      if ((m.names || []).includes(key)) {
        const names = await get(`ten/${key}.json`);
        if (names[whole]) markPostings(names[whole], marks, 1);
      }
      return marks;
    }

    function wholeWord(value, postings, typed, marks) {
      const variants = Array.isArray(value[0]) ? value : [postings, ''];
      if (!typed) {
        markPostings(postings, marks, 4);
      } else if (typed === variants[1]) {
        markPostings(postings, marks, 4);
        for (let k = 2; k < variants.length; k += 2) forPostings(variants[k + 1], (id) => { marks[id] = 3; });
      } else {
        markPostings(postings, marks, 3);
        for (let k = 2; k < variants.length; k += 2) {
          if (variants[k] === typed) markPostings(variants[k + 1], marks, 4);
        }
      }
    }

    async function filterMarks(m, facet, value) {
      const i = (m.facets[facet] || []).indexOf(value);
      if (i < 0) return null;
      const marks = new Uint8Array(m.count);
      markPostings(await get(`loc/${facet}-${i}.json`), marks, 2);
      return marks;
    }

    async function search(query, filters = {}) {
      const m = await meta();
      const typed = new Map();
      for (const [word, marks] of markedWords(query)) if (!typed.has(word) || marks) typed.set(word, marks);
      const words = [...typed.keys()];
      const chosen = Object.keys(filters).filter((facet) => filters[facet]);
      if (!words.length && !chosen.length) return [];
      const isLead = (word) => (m.lead_words || []).includes(word);
      const leadWords = new Set(words.flatMap((w, i) => (isLead(w) && isLead(words[i + 1]) ? [w, words[i + 1]] : [])));
      if (words.length > 1 && (m.lead_starts || []).includes(words[0])) leadWords.add(words[0]);
      const named = words.filter((word) => !leadWords.has(word));
      const [marks, bonus] = await Promise.all([
        Promise.all([
          ...words.map((word) => wordMarks(m, word, typed.get(word), leadWords)),
          ...chosen.map((facet) => filterMarks(m, facet, filters[facet])),
        ]),
        named.length === 2 ? wholeNameMarks(m, named.join('-')) : null,
      ]);
      if (marks.includes(null)) return [];
      const scored = marks.slice(0, words.length);
      if (bonus) scored.push(bonus);
      const byScore = [];
      next: for (let id = 0; id < m.count; id++) {
        let score = 0;
        for (const mark of marks) if (!mark[id]) continue next;
        for (const mark of scored) score += mark[id];
        (byScore[score] || (byScore[score] = [])).push(id);
      }
      return byScore.reverse().flatMap((ids) => ids || []);
    }

    async function entries(ids) {
      const m = await meta();
      const chunks = await Promise.all(ids.map((id) => get(`ban-ghi/${Math.floor(id / m.chunk_size)}.json`)));
      return ids.map((id, k) => chunks[k][id % m.chunk_size]);
    }

    return { meta, search, entries };
  }

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

    // Returns the first item shown, or null if a newer search won.
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
    module.exports = { fold, markedWords, createIndex, shardNeeded, markPostings };
  }
})();
