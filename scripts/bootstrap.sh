# Sourced by ./room. Makes sure the project's own Node.js 24, its npm packages and the dashboard
# build are present, doing only the work that is missing.
# Why Node 24 from the npm registry: see docs/decisions.md ("Runtime").

ROOM_NODE_VERSION="24.21.0"
ROOM_CACHE="${ROOM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/room-appliance}"

room_log() { printf 'room: %s\n' "$*" >&2; }

room_node_arch() {
  case "$(uname -m)" in
    x86_64|amd64) echo x64 ;;
    aarch64|arm64) echo arm64 ;;
    *) room_log "unsupported CPU architecture $(uname -m) (x86_64 and aarch64 are supported)"; exit 69 ;;
  esac
}

# Use the system's node when it is already 24 or newer; otherwise the cached one, fetched once.
room_node() {
  local major
  major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
  if [ "${ROOM_USE_SYSTEM_NODE:-}" != "0" ] && [ "$major" -ge 24 ]; then
    ROOM_NODE_DIR="$(dirname "$(dirname "$(command -v node)")")"
    return
  fi
  local arch dir
  arch="$(room_node_arch)"
  dir="$ROOM_CACHE/node-v$ROOM_NODE_VERSION-linux-$arch"
  if [ ! -x "$dir/bin/node" ]; then
    command -v npm >/dev/null || { room_log "npm is needed once to fetch Node.js $ROOM_NODE_VERSION"; exit 69; }
    room_log "fetching Node.js $ROOM_NODE_VERSION ($arch) from the npm registry into $ROOM_CACHE"
    local tmp
    tmp="$(mktemp -d)"
    # npm pack checks the tarball against the registry's integrity hash.
    (cd "$tmp" && npm pack --silent "node-linux-$arch@$ROOM_NODE_VERSION" >/dev/null)
    mkdir -p "$tmp/x" && tar xzf "$tmp"/node-linux-"$arch"-*.tgz -C "$tmp/x"
    "$tmp/x/package/bin/node" --version >/dev/null
    mkdir -p "$ROOM_CACHE" && rm -rf "$dir" && mv "$tmp/x/package" "$dir" && rm -rf "$tmp"
  fi
  ROOM_NODE_DIR="$dir"
}

# Compiler flags for the native addons npm builds (smart-whisper compiles its bundled whisper.cpp
# with node-gyp during `npm install`). ggml picks its SIMD code at compile time: without these flags
# the build is SSE-only and transcription ~11x slower (docs/decisions.md "Speech engine"). The addon
# is built on the machine that runs it, so the flags are given only when this CPU has AVX2, FMA and
# F16C (x86_64); on arm64 ggml uses NEON by default and nothing is added.
room_simd_flags() {
  [ "$(uname -m)" = x86_64 ] || return 0
  local cpu f
  cpu=" $(grep -m1 '^flags' /proc/cpuinfo 2>/dev/null | cut -d: -f2) "
  for f in avx avx2 fma f16c; do
    [[ "$cpu" == *" $f "* ]] || return 0
  done
  echo "-mavx -mavx2 -mfma -mf16c"
}

room_deps() {
  # The stamp is the hash of every manifest: install again whenever one changes.
  local want have=""
  want="$(cat package.json package-lock.json ./*/package.json 2>/dev/null | sha256sum | cut -c1-16)-$(node --version)"
  [ -f node_modules/.room-stamp ] && have="$(cat node_modules/.room-stamp)"
  # A native addon that was removed or never built (an interrupted install) counts as a change too.
  [ -f node_modules/smart-whisper/build/Release/smart-whisper.node ] || have=""
  if [ "$want" != "$have" ]; then
    room_log "installing npm packages"
    # `npm install` against the committed lock, not `npm ci`: the registry here lacks some
    # non-Linux optional packages (e.g. biome's win32/darwin CLIs), which npm leaves out of the lock
    # and `npm ci` then refuses as "out of sync". --no-save keeps the lock as committed.
    # CFLAGS/CXXFLAGS reach node-gyp's make for the addons built here (see room_simd_flags).
    local simd
    simd="$(room_simd_flags)"
    if [ -n "$simd" ]; then room_log "native addons built with $simd"; fi
    CFLAGS="${CFLAGS:+$CFLAGS }$simd" CXXFLAGS="${CXXFLAGS:+$CXXFLAGS }$simd" \
      npm install --no-save --no-audit --no-fund --loglevel=error
    echo "$want" > node_modules/.room-stamp
  fi
}

room_ready() {
  room_node
  export PATH="$ROOM_NODE_DIR/bin:$ROOT/node_modules/.bin:$PATH"
  # Native addons (node-gyp) build against the headers of the Node that runs them, not /usr's.
  export npm_config_nodedir="$ROOM_NODE_DIR"
  # Node's on-disk compile cache (V8 code and stripped TypeScript, keyed by each file's content):
  # a start after the first loads the appliance's modules in about two thirds of the time
  # (docs/BENCHMARKS.md a). Under systemd it lands in the service's CacheDirectory.
  export NODE_COMPILE_CACHE="${NODE_COMPILE_CACHE:-$ROOM_CACHE/compile-cache}"
  room_deps
}

# Build the dashboard when its sources are newer than the last build (or when forced).
room_build() {
  local out="dashboard/dist/index.html"
  if [ "${1:-}" = force ] || [ ! -f "$out" ] || [ -n "$(find dashboard/src dashboard/index.html dashboard/vite.config.ts -newer "$out" -print -quit 2>/dev/null)" ]; then
    room_log "building the dashboard"
    (cd dashboard && vite build --logLevel warn)
  fi
}
