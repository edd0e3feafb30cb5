#!/usr/bin/env bash
# Makes the Pulumi CLI and its Node.js language host available, once, and caches them where the
# Automation API (PulumiCommand) and the npm `pulumi` shim look: $PULUMI_HOME/versions/<v>/bin.
# These machines cannot reach Pulumi's download site, so when no CLI is cached we build it from
# the Go module proxy (module github.com/pulumi/pulumi/pkg/v3 and sdk/v3). Idempotent.
set -euo pipefail

ROOT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# The version lives in package.json (config.pulumiCliVersion), which the TypeScript side reads too.
PULUMI_CLI_VERSION="${PULUMI_CLI_VERSION:-$(node -p 'require(process.argv[1]).config.pulumiCliVersion' "$ROOT_DIR/package.json")}"
NODE_HOST_SDK_VERSION="3.68.0"
PULUMI_HOME="${PULUMI_HOME:-$HOME/.pulumi}"
BIN_DIR="$PULUMI_HOME/versions/$PULUMI_CLI_VERSION/bin"

say() { printf '[setup] %s\n' "$*" >&2; }

have_cli() {
  [ -x "$BIN_DIR/pulumi" ] && [ -s "$BIN_DIR/pulumi" ] && [ -x "$BIN_DIR/pulumi-language-nodejs" ] &&
    "$BIN_DIR/pulumi" version 2>/dev/null | grep -q "v$PULUMI_CLI_VERSION"
}

install_dynamic_provider_script() {
  # The engine runs dynamic providers through this script; without it the CLI tries to download
  # a `pulumi-nodejs` plugin that does not exist (pulumi/pulumi#15647).
  local src="$ROOT_DIR/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"
  if [ -f "$src" ]; then
    install -m 0755 "$src" "$BIN_DIR/pulumi-resource-pulumi-nodejs"
  fi
}

if have_cli; then
  install_dynamic_provider_script
  say "ready: $("$BIN_DIR/pulumi" version) at $BIN_DIR"
  exit 0
fi

# 1. The official release, where Pulumi's download site can be reached.
download_official() {
  local os arch url tmp
  case "$(uname -s)" in Linux) os=linux ;; Darwin) os=darwin ;; *) return 1 ;; esac
  case "$(uname -m)" in x86_64|amd64) arch=x64 ;; aarch64|arm64) arch=arm64 ;; *) return 1 ;; esac
  command -v curl >/dev/null 2>&1 || return 1
  url="https://get.pulumi.com/releases/sdk/pulumi-v$PULUMI_CLI_VERSION-$os-$arch.tar.gz"
  tmp=$(mktemp -d)
  say "downloading the official Pulumi CLI v$PULUMI_CLI_VERSION"
  if curl -fsSL --connect-timeout 10 --max-time 300 "$url" -o "$tmp/pulumi.tgz" 2>/dev/null && tar -xzf "$tmp/pulumi.tgz" -C "$tmp"; then
    mkdir -p "$BIN_DIR"
    install -m 0755 "$tmp/pulumi/pulumi" "$tmp/pulumi/pulumi-language-nodejs" "$BIN_DIR/"
    rm -rf "$tmp"
    return 0
  fi
  rm -rf "$tmp"
  say "the download site cannot be reached; building from the Go module proxy instead"
  return 1
}

if download_official && have_cli; then
  install_dynamic_provider_script
  say "installed $("$BIN_DIR/pulumi" version) at $BIN_DIR"
  exit 0
fi

# 2. Otherwise, build it from the Go module proxy.
if ! command -v go >/dev/null 2>&1; then
  say "no Pulumi CLI at $BIN_DIR and no Go toolchain to build one."
  say "Install Go >= 1.24 (https://go.dev/doc/install) or the Pulumi CLI $PULUMI_CLI_VERSION into $BIN_DIR."
  exit 1
fi

WORK="${XDG_CACHE_HOME:-$HOME/.cache}/rtc-tasks/pulumi-cli-$PULUMI_CLI_VERSION"
mkdir -p "$WORK/cli" "$WORK/host" "$WORK/out" "$BIN_DIR"
say "building the Pulumi CLI v$PULUMI_CLI_VERSION from the Go module proxy (first run only; 10-20 minutes with 2 cores)"
say "work dir $WORK; the Go tool's full output goes to $WORK/build.log"
: >"$WORK/build.log"

# The CLI: a wrapper module around the tagged pkg/v3 release.
cat >"$WORK/cli/go.mod" <<GOMOD
module local/pulumi-cli

go 1.25.11

require (
	github.com/pulumi/pulumi/pkg/v3 v$PULUMI_CLI_VERSION
	github.com/pulumi/pulumi/sdk/v3 v$PULUMI_CLI_VERSION
)

// Pulumi's own go.mod uses this fork (it only delays loading user32.dll on Windows); keep the build identical.
replace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e

tool github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
GOMOD

# The Node.js language host became a module of its own after v3.68.0 and has no tags since, and the
# module proxy serves only tagged versions; v3.68.0 is the newest release that carries it inside sdk/v3.
# It only spawns node with @pulumi/pulumi's own runner, which is the installed SDK (3.248).
cat >"$WORK/host/go.mod" <<GOMOD
module local/pulumi-language-nodejs

go 1.25.11

require github.com/pulumi/pulumi/sdk/v3 v$NODE_HOST_SDK_VERSION

tool github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs
GOMOD

# shellcheck source=lib/go-progress.sh
. "$ROOT_DIR/scripts/lib/go-progress.sh"
TAGS=osusergo,grpcnotrace
# Everything goes to the log; the progress functions turn it into a few lines on stderr. Called in
# an || list, where set -e does not apply: each step returns its own failure.
build() { # dir, package, version, label
  say "$4: fetching its modules, then compiling"
  (cd "$WORK/$1" && go mod tidy 2>&1) | tee -a "$WORK/build.log" | go_downloads "$4" || return 1
  local total
  total=$(cd "$WORK/$1" && go list -deps -tags "$TAGS" "$2" 2>>"$WORK/build.log" | wc -l)
  (cd "$WORK/$1" && go build -v -trimpath -tags "$TAGS" -o "$WORK/out/" \
    -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$3" "$2" 2>&1) |
    tee -a "$WORK/build.log" | go_compile_progress "$total" "$4"
}
# -X sets the version string: without it `pulumi version` is empty and the Automation API refuses it.
{
  build cli github.com/pulumi/pulumi/pkg/v3/cmd/pulumi "$PULUMI_CLI_VERSION" "the CLI (pkg/v3 v$PULUMI_CLI_VERSION)" &&
    build host github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs "$NODE_HOST_SDK_VERSION" \
    "the Node.js language host (sdk/v3 v$NODE_HOST_SDK_VERSION)"
} || { say "build failed; last lines of $WORK/build.log:"; tail -n 30 "$WORK/build.log" >&2; exit 1; }

install -m 0755 "$WORK/out/pulumi" "$BIN_DIR/pulumi"
install -m 0755 "$WORK/out/pulumi-language-nodejs" "$BIN_DIR/pulumi-language-nodejs"
install_dynamic_provider_script
say "installed $("$BIN_DIR/pulumi" version) at $BIN_DIR"
