#!/usr/bin/env bash
# OpenTelemetry Collector built with the official collector builder (ocb) from the Go module proxy,
# for tests that check spans reach a real OTLP receiver.
#   scripts/otelcol.sh build   build once (cached by the builder config's hash), print the binary path
#   scripts/otelcol.sh path    print the cached binary path; exit 1 when it is not built yet
# Environment: AILOG_OTELCOL_DIR (cache dir, default <repo>/.cache/otelcol), GO (default: go on PATH,
# else /usr/local/go/bin/go), OTELCOL_BUILDER_VERSION (default v0.165.0, must match the config).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${AILOG_OTELCOL_DIR:-$root/.cache/otelcol}"
config="$root/scripts/otelcol/builder-config.yaml"
builder_version="${OTELCOL_BUILDER_VERSION:-v0.165.0}"

log() { echo "otelcol.sh: $*" >&2; }

go_bin() {
  if [[ -n "${GO:-}" ]]; then echo "$GO"; return; fi
  if command -v go >/dev/null 2>&1; then command -v go; return; fi
  if [[ -x /usr/local/go/bin/go ]]; then echo /usr/local/go/bin/go; return; fi
  log "Go toolchain not found (set GO=/path/to/go)"; exit 2
}

# The key covers the config and the builder version: either changing means a different binary.
key() { { cat "$config"; echo "$builder_version"; } | sha256sum | cut -c1-16; }

dist_dir() { echo "$cache/$(key)"; }
binary() { echo "$(dist_dir)/otelcol-ailog"; }

build() {
  local out; out="$(dist_dir)"
  # The marker is written last, so an interrupted build is redone rather than trusted.
  if [[ -x "$(binary)" && -f "$out/.complete" ]]; then binary; return; fi
  local go; go="$(go_bin)"
  mkdir -p "$cache/bin" "$out"
  exec 9>"$cache/.lock"
  flock 9
  if [[ -x "$(binary)" && -f "$out/.complete" ]]; then binary; return; fi
  local started=$SECONDS
  if [[ ! -x "$cache/bin/builder-$builder_version" ]]; then
    log "installing collector builder $builder_version"
    GOBIN="$cache/bin.tmp" "$go" install "go.opentelemetry.io/collector/cmd/builder@$builder_version" >&2
    mv "$cache/bin.tmp/builder" "$cache/bin/builder-$builder_version"
    rmdir "$cache/bin.tmp" 2>/dev/null || true
  fi
  # output_path is absolute so the build lands in the keyed dir whatever the cwd is.
  sed "s#^dist:#dist:\n  output_path: $out#" "$config" >"$out/builder-config.yaml"
  log "building collector into $out"
  # The builder's own `go mod tidy` also resolves the components' test-only dependencies, and one
  # of them (contrib otlpencodingextension) is refused by the module proxy (403), so that step
  # fails. It runs after the sources and go.mod are generated: keep those and let
  # `go build -mod=mod` resolve only what the binary really imports.
  rm -f "$out/go.mod" "$out/go.sum" "$out/components.go"
  PATH="$(dirname "$go"):$PATH" "$cache/bin/builder-$builder_version" --config "$out/builder-config.yaml" \
    --skip-compilation >"$out/build.log" 2>&1 || true
  [[ -f "$out/go.mod" && -f "$out/components.go" ]] || { tail -n 40 "$out/build.log" >&2; exit 1; }
  (cd "$out" && GOFLAGS=-mod=mod "$go" build -trimpath -ldflags=-s -o otelcol-ailog . >>"$out/build.log" 2>&1) \
    || { tail -n 40 "$out/build.log" >&2; exit 1; }
  touch "$out/.complete"
  log "built in $((SECONDS - started)) s"
  binary
}

case "${1:-}" in
  build) build ;;
  path)
    if [[ -x "$(binary)" && -f "$(dist_dir)/.complete" ]]; then binary; else log "not built: run scripts/otelcol.sh build"; exit 1; fi ;;
  *) echo "usage: $0 build|path" >&2; exit 2 ;;
esac
