#!/usr/bin/env bash
# Edit-to-reload latency of `vinhdanh serve`: the time from a file written on disk to the
# `reload` event on the live-reload stream, for a story edit (its title) and a record edit (a
# family's name), on a generated site (`examples/gen_site.rs`, national size by default:
# 100,000 records, 10,000 stories). A benchmark, not a test: it prints numbers, asserts nothing.
#
# usage: benches/serve_latency.sh [SIZE] [WORKDIR] [RUNS]
#        (defaults: national, /tmp/vinhdanh-serve-bench, 7)
# SIZE is a gen_site size (small, national, huge) or `demo` for the demo site of this repository.
#
# Needs python3 (the client that edits files and listens to the event stream, standard library
# only). Everything it makes stays in WORKDIR; the server listens on 127.0.0.1 only and stops
# by itself after an hour at most.
set -euo pipefail
SIZE=${1:-national}
WORK=${2:-/tmp/vinhdanh-serve-bench}
RUNS=${3:-7}
REPO=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$WORK"

echo "== release build"
(cd "$REPO" && cargo build --release --quiet --bin vinhdanh --example gen_site)
TARGET=${CARGO_TARGET_DIR:-$REPO/target}
BIN=${VINHDANH_BIN:-$TARGET/release/vinhdanh}   # another build to compare: VINHDANH_BIN=...

SITE="$WORK/site-$SIZE"
if [ "$SIZE" = demo ]; then
    rm -rf "$SITE" && mkdir -p "$SITE"
    cp -r "$REPO"/site.toml "$REPO"/data "$REPO"/content "$REPO"/static "$REPO"/themes "$SITE"/
elif [ ! -f "$SITE/site.toml" ]; then
    echo "== generate a $SIZE site in $SITE"
    "$TARGET/release/examples/gen_site" --size "$SIZE" --out "$SITE" --force
fi
echo "   $(find "$SITE/data/records" -name '*.toml' | wc -l) records files, $(find "$SITE/content" -name '*.md' | wc -l) Markdown files"

echo "== vinhdanh build (for comparison)"
"$BIN" --root "$SITE" build -o "$WORK/built" 2>/dev/null | tail -1

echo "== vinhdanh serve"
rm -rf "$WORK/out"
VINHDANH_SERVE_TRACE=1 "$BIN" --lang en --root "$SITE" serve --port 0 -o "$WORK/out" --stop-after 3600 \
    >"$WORK/serve.out" 2>"$WORK/serve.log" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 1200); do
    grep -q '^Serving ' "$WORK/serve.out" 2>/dev/null && break
    kill -0 $SERVER 2>/dev/null || { cat "$WORK/serve.log"; exit 1; }
    sleep 0.5
done
URL=$(sed -n 's/^Serving //p' "$WORK/serve.out")
grep '^Built in' "$WORK/serve.log" | sed 's/^/   /'

python3 - "$URL" "$SITE" "$RUNS" <<'PY'
import os, re, socket, statistics, sys, time, urllib.parse

url, site, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
host, port = urllib.parse.urlsplit(url).hostname, urllib.parse.urlsplit(url).port

def open_stream():
    s = socket.create_connection((host, port))
    s.sendall(f"GET /__vinhdanh/events HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n".encode())
    f = s.makefile("rb")
    while f.readline() not in (b"\r\n", b""):
        pass
    return s, f

def next_event(f, timeout):
    f.raw._sock.settimeout(timeout)
    name, data = None, []
    while True:
        line = f.readline().decode("utf-8").rstrip("\r\n")
        if line.startswith("event: "):
            name = line[7:]
        elif line.startswith("data:"):
            data.append(line[5:].lstrip())
        elif line == "" and name:
            return name, "\n".join(data)

def story_file():
    folder = os.path.join(site, "content", "cau-chuyen")
    names = sorted(n for n in os.listdir(folder) if n.endswith(".md"))
    return os.path.join(folder, names[len(names) // 2])

def records_file():
    paths = []
    for d, _, names in os.walk(os.path.join(site, "data", "records")):
        paths += [os.path.join(d, n) for n in names if n.endswith(".toml")]
    return sorted(paths)[len(paths) // 2]

def edit_story(path, n):
    text = open(path, encoding="utf-8").read()
    text = re.sub(r'^title = "(.*?)( \(sửa \d+\))?"$', lambda m: f'title = "{m.group(1)} (sửa {n})"', text, count=1, flags=re.M)
    return path, text

def edit_record(path, n):
    text = open(path, encoding="utf-8").read()
    text = re.sub(r'^name = "(.*?)( \(sửa \d+\))?"$', lambda m: f'name = "{m.group(1)} (sửa {n})"', text, count=1, flags=re.M)
    return path, text

sock, stream = open_stream()
for label, edit, target in [("story edit", edit_story, story_file()), ("record edit", edit_record, records_file())]:
    times, server = [], []
    for n in range(1, runs + 1):
        path, text = edit(target, n)
        time.sleep(0.5)
        start = time.monotonic()
        with open(path, "w", encoding="utf-8") as out:
            out.write(text)
        while True:
            name, data = next_event(stream, 600)
            if name in ("reload", "error"):
                break
        elapsed = (time.monotonic() - start) * 1000
        if name == "error":
            print(f"   {label}: error event:\n{data}")
            sys.exit(1)
        times.append(elapsed)
        m = re.search(r"in (\d+) ms: (\d+) job", data)
        server.append((int(m.group(1)), int(m.group(2))) if m else (0, 0))
    print(f"== {label}: {os.path.relpath(target, site)}")
    print("   edit-to-reload ms: " + ", ".join(f"{t:.0f}" for t in times))
    print(f"   median {statistics.median(times):.0f} ms, min {min(times):.0f}, max {max(times):.0f}"
          f" (rebuild alone, median: {statistics.median(s[0] for s in server):.0f} ms,"
          f" {statistics.median(s[1] for s in server):.0f} jobs)")
PY
echo "== where the time goes (last rebuild of each kind; VINHDANH_SERVE_TRACE)"
grep -A1 '^Changed: 1 story' "$WORK/serve.log" | grep phases | tail -1
grep -A1 '^Changed: 1 records' "$WORK/serve.log" | grep phases | tail -1
