#!/usr/bin/env bash
# Learnable's one entry point (`./build.sh help`): installs what is missing on Debian bookworm,
# fetches Dear ImGui, then drives CMake for the native, sanitizer, fuzz, bench and web builds.
# `./build.sh test` is what CI runs.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

APT_PACKAGES=(cmake g++ make googletest libgtest-dev libgmock-dev libbenchmark-dev clang
  libclang-rt-14-dev emscripten chromium xz-utils ca-certificates dpkg-dev
  fonts-dejavu-core python3-fonttools zopfli)
IMGUI_VERSION=1.90.1
IMGUI_ORIG=imgui_${IMGUI_VERSION}+ds.orig.tar.xz
IMGUI_SHA256=ecce377df0f90b292f15dcbd83d438bddc162b2388c881132bde18c787572a1c
DEPS=build/deps
JOBS=$(nproc)

banner() { printf '\n==== %s ====\n' "$*"; }
die() { printf 'build.sh: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else die "need root or sudo to run: $*"; fi
}

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

install_packages() {
  local missing=() p
  for p in "${APT_PACKAGES[@]}"; do installed "$p" || missing+=("$p"); done
  # NodeSource's node ships npm itself; Debian's npm package conflicts with it.
  command -v npm >/dev/null || missing+=(nodejs npm)
  [ ${#missing[@]} -gt 0 ] || return 0
  banner "apt-get install ${missing[*]}"
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
}

install_node_modules() {
  [ -f tests/package.json ] || return 0
  if [ ! -d tests/node_modules ] || [ tests/package-lock.json -nt tests/node_modules ]; then
    banner "npm ci (tests/)"
    npm ci --prefix tests --no-audit --no-fund
    touch tests/node_modules
  fi
}

# A deb-src list for trixie built from the machine's own first Debian source (mirror, keyring).
write_trixie_sources() {
  local system=/etc/apt/sources.list.d/debian.sources
  [ -f "$system" ] || die "$system not found; set IMGUI_DIR to a Dear ImGui $IMGUI_VERSION checkout"
  awk 'NF == 0 { if (seen) exit; next }
       /^#/ { next }
       { seen = 1 }
       /^Types:/ { print "Types: deb-src"; next }
       /^Suites:/ { print "Suites: trixie"; next }
       /^Components:/ { print "Components: main"; next }
       { print }' "$system" >"$1"
}

fetch_imgui() {
  local apt_dir=$PWD/$DEPS/apt list opts version
  list=$apt_dir/trixie-src.sources
  mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial"
  write_trixie_sources "$list"
  opts=(-o "Dir::Etc::sourcelist=$list" -o Dir::Etc::SourceParts=/dev/null
    -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache" -o APT::Sandbox::User=root)
  banner "fetching Dear ImGui $IMGUI_VERSION (Debian source package, trixie)"
  apt-get "${opts[@]}" update
  version=$(apt-cache "${opts[@]}" showsrc imgui |
    awk -v want="$IMGUI_VERSION+ds-" '$1 == "Version:" && index($2, want) == 1 { print $2; exit }')
  [ -n "$version" ] || die "trixie has no imgui $IMGUI_VERSION source; set IMGUI_DIR instead"
  (cd "$DEPS" && apt-get "${opts[@]}" source --download-only "imgui=$version")
}

unpack_imgui() {
  local dest=$1 actual
  actual=$(sha256sum "$DEPS/$IMGUI_ORIG" | cut -d' ' -f1)
  if [ "$actual" != "$IMGUI_SHA256" ]; then
    mv "$DEPS/$IMGUI_ORIG" "$DEPS/$IMGUI_ORIG.rejected"
    die "CHECKSUM MISMATCH for $IMGUI_ORIG: got $actual, want $IMGUI_SHA256 (kept as .rejected)"
  fi
  rm -rf "$dest.tmp" && mkdir -p "$dest.tmp"
  tar -xJf "$DEPS/$IMGUI_ORIG" -C "$dest.tmp" --strip-components=1
  mv "$dest.tmp" "$dest"
}

resolve_imgui() {
  if [ -n "${IMGUI_DIR:-}" ]; then
    [ -f "$IMGUI_DIR/imgui.cpp" ] || die "IMGUI_DIR=$IMGUI_DIR has no imgui.cpp"
  else
    IMGUI_DIR=$PWD/$DEPS/imgui-$IMGUI_VERSION
    if [ ! -f "$IMGUI_DIR/imgui.cpp" ]; then
      [ -f "$DEPS/$IMGUI_ORIG" ] || fetch_imgui
      unpack_imgui "$IMGUI_DIR"
    fi
  fi
  export IMGUI_DIR
}

setup() {
  install_packages
  install_node_modules
  resolve_imgui
}

# configure_and_build DIR [cmake args...]: configures once (cmake re-runs itself after that);
# a failed configure drops the cache so the next run configures afresh. EMCMAKE=emcmake wraps it.
configure_and_build() {
  local dir=$1; shift
  if [ ! -f "$dir/CMakeCache.txt" ]; then
    ${EMCMAKE:+"$EMCMAKE"} cmake -S . -B "$dir" -DIMGUI_DIR="$IMGUI_DIR" "$@" || { rm -f "$dir/CMakeCache.txt"; return 1; }
  fi
  cmake --build "$dir" -j "$JOBS"
}

build_native() { banner "build: native"; configure_and_build build/native -DCMAKE_BUILD_TYPE=RelWithDebInfo; }
build_asan() { banner "build: asan+ubsan"; configure_and_build build/asan -DCMAKE_BUILD_TYPE=Debug -DLEARNABLE_SANITIZE=ON; }
build_fuzz() {
  banner "build: fuzz (clang)"
  CC=clang CXX=clang++ configure_and_build build/fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLEARNABLE_FUZZ=ON
}
build_bench() { banner "build: bench"; configure_and_build build/bench -DCMAKE_BUILD_TYPE=Release -DLEARNABLE_BENCH=ON; }

build_web() {
  grep -q LEARNABLE_WEB CMakeLists.txt || { echo "(no web build in CMakeLists.txt yet; skipped)"; return 0; }
  banner "build: web (emscripten)"
  # Emscripten's JS optimizer needs Debian's acorn, which NodeSource's node does not see.
  NODE_PATH=/usr/share/nodejs EMCMAKE=emcmake configure_and_build build/web -DCMAKE_BUILD_TYPE=Release
}

run_ctest() {
  banner "ctest: $1"
  ctest --test-dir "$1" --output-on-failure
}

# run_fuzzers SECONDS: each libFuzzer target over a scratch copy of its seed corpus.
run_fuzzers() {
  local seconds=$1 targets target name work log
  mapfile -t targets < <(find build/fuzz -maxdepth 4 -type f -name 'fuzz_*' -perm -u+x \
    -not -path '*/CMakeFiles/*' 2>/dev/null | sort)
  [ ${#targets[@]} -gt 0 ] || { banner "fuzz: no targets built yet; skipped"; return 0; }
  for target in "${targets[@]}"; do
    name=$(basename "$target")
    work=build/fuzz/corpus-work/$name
    log=build/fuzz/logs/$name.log
    banner "fuzz: $name for ${seconds}s (log: $log)"
    mkdir -p "$work" build/fuzz/logs build/fuzz/artifacts
    if [ -d "tests/fuzz/corpus/${name#fuzz_}" ]; then cp -r "tests/fuzz/corpus/${name#fuzz_}/." "$work/"; fi
    if ! UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 "$target" -max_total_time="$seconds" \
      -rss_limit_mb=2048 -artifact_prefix=build/fuzz/artifacts/ "$work" >"$log" 2>&1; then
      tail -n 60 "$log"
      die "$name failed; reproducer in build/fuzz/artifacts/"
    fi
    grep -E '^Done [0-9]+ runs' "$log" || tail -n 3 "$log"
  done
}

run_node_tests() {
  local files=(tests/node/*.test.mjs)
  [ -f "${files[0]}" ] || { banner "node tests: none yet; skipped"; return 0; }
  banner "node tests (JS API)"
  node --no-experimental-fetch --test "${files[@]}"
}

# End-to-end tests in headless Chromium (playwright-core needs node's fetch, so no flag here).
run_e2e_tests() {
  local files=(tests/e2e/*.test.mjs)
  [ -f "${files[0]}" ] && [ -f build/web/app.js ] || { banner "browser tests: no app yet; skipped"; return 0; }
  banner "browser tests (headless Chromium; screenshots in build/e2e/)"
  node --test --test-concurrency=1 "${files[@]}"
}

cmd_build() { setup; build_native; build_web; }

# Serves build/web (the whole site) on loopback until Ctrl+C; builds first when needed.
cmd_serve() {
  local port=${1:-${PORT:-8080}}
  [[ $port =~ ^[0-9]+$ ]] || die "serve: PORT must be a number, got '$port'"
  setup
  build_web >/dev/null
  [ -f build/web/index.html ] || die "serve: build/web has no index.html"
  exec node web/serve.mjs build/web "$port"
}

# "run" is the command line tool on the tutorial's model; extra
# arguments go to `learnable summary` (e.g. ./build.sh run --preset vgg16 --format markdown).
cmd_run() {
  setup
  build_native >/dev/null
  if [ $# -eq 0 ]; then set -- --preset tutorial; fi
  build/native/learnable summary "$@"
}

cmd_test() {
  setup
  build_native
  build_web
  build_asan
  build_fuzz
  run_ctest build/native
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 run_ctest build/asan
  run_fuzzers 15
  run_node_tests
  run_e2e_tests
  banner "all tests passed"
}

cmd_bench() {
  local b
  setup
  build_bench
  build_web
  while IFS= read -r b; do
    banner "bench: $b"
    "$b" --benchmark_min_time=0.2
  done < <(find build/bench -maxdepth 4 -type f -name 'bench_*' -perm -u+x -not -path '*/CMakeFiles/*' | sort)
  if [ -f build/web/app.js ]; then
    banner "bench: web budgets"
    node tests/bench/web_bench.mjs
  fi
}

cmd_fuzz() {
  [[ $1 =~ ^[1-9][0-9]*$ ]] || die "fuzz: SECONDS must be a positive integer, got '$1'"
  setup
  build_fuzz
  run_fuzzers "$1"
}

usage() {
  cat <<'EOF'
usage: ./build.sh COMMAND
  setup           install missing apt/npm packages and fetch Dear ImGui (IMGUI_DIR overrides)
  serve [PORT]    build the web app and serve it on http://127.0.0.1:PORT/ (default 8080)
  run [ARGS]      build, then `learnable summary ARGS` (default: --preset tutorial)
  build           native build (build/native), plus the web build once CMake has one
  test            native + asan/ubsan ctest, 15 s per fuzz target, node tests
  bench           Release build with Google Benchmark, run every bench_* binary
  fuzz [SECONDS]  run every libFuzzer target for SECONDS each (default 600)
  help            this text
EOF
}

case "${1:-help}" in
  setup) setup; echo "setup ok (IMGUI_DIR=$IMGUI_DIR)" ;;
  serve) cmd_serve "${2:-}" ;;
  run) shift; cmd_run "$@" ;;
  build) cmd_build ;;
  test) cmd_test ;;
  bench) cmd_bench ;;
  fuzz) cmd_fuzz "${2:-600}" ;;
  help | -h | --help) usage ;;
  *) usage >&2; exit 2 ;;
esac
