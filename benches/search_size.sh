#!/usr/bin/env bash
# Measures what one search downloads at 100,000 records: our hand-made index (src/render/search.rs
# + themes/default/static/tim-kiem.js) against pagefind on the same records. Findings: SEARCH.md.
#
# usage: benches/search_size.sh [N] [WORKDIR]     (defaults: 100000, /tmp/vinhdanh-search-bench)
#
# Needs python3, node and npm (pagefind comes from the npm registry into WORKDIR). Everything it
# generates stays in WORKDIR, never in the repository.
set -euo pipefail
N=${1:-100000}
WORK=${2:-/tmp/vinhdanh-search-bench}
REPO=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$WORK"
cd "$WORK"

echo "== generate $N records: $WORK/entries.jsonl and $WORK/site (one HTML page each)"
rm -rf site ours
python3 - "$N" "$WORK" <<'PY'
import html, json, os, random, sys, unicodedata

n, work = int(sys.argv[1]), sys.argv[2]
r = random.Random(42)
# Family names with rough national shares (percent).
SURNAMES = [("Nguyễn", 38), ("Trần", 11), ("Lê", 9.5), ("Phạm", 7), ("Hoàng", 3), ("Huỳnh", 2.1),
            ("Phan", 4.5), ("Vũ", 2), ("Võ", 1.9), ("Đặng", 2.1), ("Bùi", 2), ("Đỗ", 1.4),
            ("Hồ", 1.3), ("Ngô", 1.3), ("Dương", 1), ("Lý", 0.5)]
MALE_MIDDLE = ["Văn", "Văn", "Văn", "Đức", "Minh", "Hữu", "Quốc", "Đình", "Công", "Xuân", "Thanh", "Ngọc"]
FEMALE_MIDDLE = ["Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Minh", "Hồng", "Kim", "Thúy"]
MALE = ["An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hùng", "Hòa", "Hoà", "Khánh", "Long", "Nam",
        "Phúc", "Quang", "Sơn", "Tâm", "Thắng", "Tuấn", "Việt", "Vinh", "Bảo", "Đông", "Hiếu", "Huy",
        "Kiên", "Lâm", "Lợi", "Mạnh", "Nghĩa", "Phong", "Tài", "Thành", "Toàn", "Trung", "Tùng"]
FEMALE = ["An", "Anh", "Châu", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hoa", "Hòa", "Hương", "Lan",
          "Liên", "Linh", "Mai", "Nga", "Ngân", "Nhung", "Oanh", "Phương", "Quyên", "Tâm", "Thảo",
          "Thủy", "Trang", "Uyên", "Vân", "Yến", "Ánh", "Ngọc"]
PROVINCES = ["Hà Nội", "Bắc Ninh", "Lào Cai", "Thanh Hóa", "Nghệ An", "Huế", "Đà Nẵng", "Quảng Ngãi",
             "Gia Lai", "Đắk Lắk", "Khánh Hòa", "Lâm Đồng", "Đồng Nai", "Tây Ninh", "TP Hồ Chí Minh",
             "Cần Thơ", "An Giang", "Cà Mau", "Vĩnh Long", "Đồng Tháp", "Hải Phòng", "Quảng Ninh",
             "Thái Nguyên", "Tuyên Quang", "Phú Thọ", "Ninh Bình", "Hưng Yên", "Lạng Sơn", "Cao Bằng",
             "Điện Biên", "Lai Châu", "Sơn La", "Hà Tĩnh", "Quảng Trị"]
PLACE = ["An", "Bình", "Phú", "Tân", "Hòa", "Thạnh", "Đông", "Tây", "Nam", "Bắc", "Yên", "Phong",
         "Lộc", "Thuận", "Hưng", "Long", "Mỹ", "Vĩnh", "Xuân", "Quang", "Trung", "Hiệp", "Thái"]
TITLE = {"family": "gia-dinh-hoc-tap", "clan": "dong-ho-hoc-tap", "community": "cong-dong-hoc-tap",
         "unit": "don-vi-hoc-tap", "citizen": "cong-dan-hoc-tap"}

def slug(text):
    s = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    s = "".join(c for c in s if unicodedata.category(c)[0] != "M").lower()
    return "-".join("".join(c if c.isalnum() else " " for c in s).split())

def person():
    family = r.choices([s for s, _ in SURNAMES], [w for _, w in SURNAMES])[0]
    if r.random() < 0.5:
        return "ông", family, r.choice(MALE_MIDDLE), r.choice(MALE)
    return "bà", family, r.choice(FEMALE_MIDDLE), r.choice(FEMALE)

communes = {p: sorted({f"{r.choice(['Xã', 'Xã', 'Phường'])} {r.choice(PLACE)} {r.choice(PLACE)}"
                      for _ in range(100)}) for p in PROVINCES}
records = []
for i in range(n):
    province = r.choice(PROVINCES)
    commune = r.choice(communes[province])
    roll = r.random()
    if roll < 0.80:
        kind, (honorific, family, middle, given) = "family", person()
        name = f"Gia đình {honorific} {family} {middle} {given}"
        key = f"{given} {family} {middle}"
    elif roll < 0.92:
        kind, (_, family, middle, given) = "citizen", person()
        name = key = f"{family} {middle} {given}"
        key = f"{given} {family} {middle}"
    elif roll < 0.97:
        kind, (_, family, middle, _) = "clan", person()
        name = key = f"Dòng họ {family} {middle}"
    elif roll < 0.99:
        kind = "community"
        name = key = f"{r.choice(['Thôn', 'Tổ dân phố', 'Bản'])} {r.choice(PLACE)} {r.choice(PLACE)}"
    else:
        kind = "unit"
        name = key = f"Trường {r.choice(['Tiểu học', 'THCS', 'THPT'])} {r.choice(PLACE)} {r.choice(PLACE)}"
    held = [TITLE[kind]] if r.random() < 0.9 else []
    rid = f"{slug(name)}-{i}"
    records.append(dict(key=slug(key), url=f"/ho-so/{rid}/", name=name, kind=kind,
                        province=slug(province), province_name=province, commune=commune, titles=held))

# The site lists records in Vietnamese collation order, given name first; the folded key is close.
records.sort(key=lambda e: (e["key"], e["url"]))
with open(os.path.join(work, "entries.jsonl"), "w") as out:
    for e in records:
        out.write(json.dumps({k: e[k] for k in ("url", "name", "kind", "province", "commune", "titles")},
                             ensure_ascii=False) + "\n")
for e in records:
    page = os.path.join(work, "site", e["url"].strip("/"))
    os.makedirs(page, exist_ok=True)
    title_attrs = "".join(f'<span data-pagefind-filter="danh-hieu">{t}</span>' for t in e["titles"])
    with open(os.path.join(page, "index.html"), "w") as out:
        out.write(
            '<!doctype html><html lang="vi"><head><meta charset="utf-8">'
            f"<title>{html.escape(e['name'])}</title></head><body><main>"
            f"<h1 data-pagefind-body>{html.escape(e['name'])}</h1>"
            f'<p><span data-pagefind-meta="commune">{html.escape(e["commune"])}</span>, '
            f'<span data-pagefind-filter="tinh">{html.escape(e["province_name"])}</span></p>'
            f'<p hidden><span data-pagefind-filter="loai">{e["kind"]}</span>{title_attrs}</p>'
            "</main></body></html>\n")
PY

echo "== our index (debug build of examples/search_index.rs, as on the shared 2-core machines)"
(cd "$REPO" && cargo build --quiet --example search_index)
/usr/bin/time -f "ours: %e s wall, %M KiB peak" "$REPO/target/debug/examples/search_index" entries.jsonl ours
# The worst case for our postings: records in random order, so no word's entries are neighbours.
python3 -c 'import random, sys; l = open(sys.argv[1]).readlines(); random.Random(7).shuffle(l); open(sys.argv[2], "w").writelines(l)' \
  entries.jsonl entries-shuffled.jsonl
"$REPO/target/debug/examples/search_index" entries-shuffled.jsonl ours-shuffled

echo "== pagefind (npm package, which ships the Rust binary)"
if [ ! -x pf/node_modules/.bin/pagefind ]; then
  mkdir -p pf && (cd pf && npm init -y >/dev/null && npm install --silent --no-audit --no-fund pagefind@latest)
fi
pf/node_modules/.bin/pagefind --version
/usr/bin/time -f "pagefind: %e s wall, %M KiB peak" pf/node_modules/.bin/pagefind --site site >pagefind.log
grep -E "Indexed|Finished" pagefind.log

echo "== index size on disk (bytes, files)"
size() { find "$@" -type f -printf '%s\n' | awk '{ s += $1; n++ } END { printf "%d bytes in %d files\n", s, n }'; }
echo "ours:                  $(size ours/tim-kiem/chi-muc)"
echo "ours, shuffled order:  $(size ours-shuffled/tim-kiem/chi-muc)"
echo "pagefind, search only: $(size site/pagefind -not -name '*ui*' -not -name '*highlight*')"
echo "pagefind, with its UI: $(size site/pagefind)"

cat >measure.mjs <<'JS'
// node measure.mjs ours|pagefind DIR QUERY [PROVINCE_SLUG PROVINCE_NAME]
// One cold page view: the bytes fetched to run QUERY and show its first 10 results.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const [system, dir, query, slug, provinceName] = process.argv.slice(2);
const fetched = [];
function record(name, body) {
  // Text is gzipped by the server; pagefind's binary files are gzip already and sent as they are.
  const text = /\.(json|js)$/.test(name);
  fetched.push({ name, raw: body.length, wire: text ? gzipSync(body, { level: 6 }).length : body.length });
}
const started = performance.now();
let count;
let first;
if (system === 'ours') {
  const script = `${process.env.REPO}/themes/default/static/tim-kiem.js`;
  record('tim-kiem.js', readFileSync(script));
  const { createIndex } = createRequire(import.meta.url)(script);
  const index = createIndex(async (name) => {
    const body = readFileSync(`${dir}/${name}`);
    record(name, body);
    return JSON.parse(body);
  });
  const ids = await index.search(query, slug ? { tinh: slug } : {});
  const rows = await index.entries(ids.slice(0, 10));
  count = ids.length;
  first = rows.slice(0, 3).map((row) => row[1]);
} else {
  record('pagefind.js', readFileSync(`${dir}/pagefind.js`));
  globalThis.fetch = async (input) => {
    const url = new URL(String(input));
    const name = decodeURIComponent(url.pathname).replace(/^\/pagefind\//, '');
    const body = readFileSync(`${dir}/${name}`);
    record(name, body);
    return new Response(body, { status: 200 });
  };
  const pagefind = await import(pathToFileURL(`${dir}/pagefind.js`).href);
  await pagefind.options({ basePath: 'http://bench.local/pagefind/' });
  const search = await pagefind.search(query, slug ? { filters: { tinh: provinceName } } : {});
  const data = await Promise.all(search.results.slice(0, 10).map((result) => result.data()));
  count = search.results.length;
  first = data.slice(0, 3).map((page) => page.meta.title);
}
const ms = performance.now() - started;
// Files every search loads whatever the query: paid once per page view.
const fixed = /^(tim-kiem\.js|meta\.json|pagefind\.js|pagefind-entry\.json|.*\.pf_meta|wasm\..*)$/;
const sum = (key, only = () => true) => fetched.filter(only).reduce((total, file) => total + file[key], 0);
console.log(JSON.stringify({ system, query, filter: slug || '', results: count, requests: fetched.length,
  raw: sum('raw'), wire: sum('wire'), fixed_wire: sum('wire', (file) => fixed.test(file.name)),
  ms: Math.round(ms), first, fetched }));
JS

echo "== one cold search each: requests, bytes raw and over the wire (text gzipped), first 10 results"
echo "   (fixed = the part of wire every search pays once per page view; ms = node, this machine)"
printf '%-14s %-24s %7s %4s %8s %8s %8s %5s\n' system query results req raw wire fixed ms
for q in "nguyen dinh" "nguyen van an" "tran thi" "hoa" "dang" "le van binh" "nguyen van an|bac-ninh|Bắc Ninh"; do
  IFS='|' read -r query slug name <<<"$q"
  for label in ours ours-shuffled pagefind; do
    case $label in
      pagefind) system=pagefind dir=site/pagefind ;;
      *) system=ours dir=$label/tim-kiem/chi-muc ;;
    esac
    out="result-$label-${q//[ |]/_}.json"
    REPO=$REPO node measure.mjs "$system" "$dir" "$query" $slug ${name:+"$name"} >"$out"
    node -e 'const r = require(process.argv[1]); const label = process.argv[2];
      const q = r.query + (r.filter ? " @" + r.filter : "");
      console.log([label.padEnd(14), q.padEnd(24), String(r.results).padStart(7), String(r.requests).padStart(4),
        ...[r.raw, r.wire, r.fixed_wire].map((n) => String(n).padStart(8)), String(r.ms).padStart(5)].join(" "))' \
      "$WORK/$out" "$label"
  done
done
echo "(per-file lists: $WORK/result-*.json)"
