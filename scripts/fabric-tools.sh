#!/usr/bin/env bash
# Builds the pinned Hyperledger Fabric commands (peer, orderer, configtxgen, cryptogen, osnadmin) that the Fabric
# devnet runs, and prints the folder that holds them on stdout (progress goes to stderr).
#
# The Fabric version is pinned by tools/fabric/go.mod and every module's checksum by tools/fabric/go.sum. The
# binaries go to a cache folder outside the repository keyed by a hash of those two files:
#   ${XRELAY_FABRIC_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/xrelay/fabric}/<hash>/bin
# and are built only when that folder is not complete yet, so calling this script is cheap once they exist.
# Go keeps its module and build caches in the machine's usual folders (go env GOMODCACHE GOCACHE).
# Next to the binaries go core.yaml and orderer.yaml from Fabric's sampleconfig (the nodes' FABRIC_CFG_PATH;
# the devnet overrides what it needs through environment variables) and the version file VERSION.
#
# Needs Go (at least the version in tools/fabric/go.mod's go directive) and the Go module proxy; cgo is not used.
set -euo pipefail

fabric_version=3.1.1
fabric_commit=435a7f1a780a
commands=(peer orderer configtxgen cryptogen osnadmin)

root=$(cd "$(dirname "$0")/.." && pwd)
tools=$root/tools/fabric

die() { echo "fabric-tools: $*" >&2; exit 1; }

key=$(cat "$tools/go.mod" "$tools/go.sum" | sha256sum | cut -c1-16)
cache=${XRELAY_FABRIC_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/xrelay/fabric}/$key
bin=$cache/bin

complete() {
  local c
  for c in "${commands[@]}"; do [ -x "$bin/$c" ] || return 1; done
  [ -f "$bin/core.yaml" ] && [ -f "$bin/orderer.yaml" ] && [ -f "$bin/VERSION" ]
}

if complete; then
  echo "$bin"
  exit 0
fi

command -v go >/dev/null 2>&1 || die "Go is required to build the Fabric binaries" \
  "(install Go $(sed -n 's/^go //p' "$tools/go.mod") or newer, https://go.dev/dl/)"

# Never let the go command fetch another toolchain, and build pure-Go binaries.
export GOTOOLCHAIN=local CGO_ENABLED=0

need=$(sed -n 's/^go \([0-9.]*\).*/\1/p' "$tools/go.mod")
have=$(go env GOVERSION 2>/dev/null | sed -n 's/^go\([0-9][0-9.]*\).*/\1/p')
[ -n "$have" ] || die "cannot tell the version of $(command -v go) (go env GOVERSION: $(go env GOVERSION 2>&1 || true))"
version_ge() { # version_ge A B: A >= B, both dotted numbers
  local IFS=. i a b
  read -r -a a <<< "$1"
  read -r -a b <<< "$2"
  for i in 0 1 2; do
    if [ "${a[i]:-0}" -gt "${b[i]:-0}" ]; then return 0; fi
    if [ "${a[i]:-0}" -lt "${b[i]:-0}" ]; then return 1; fi
  done
  return 0
}
version_ge "$have" "$need" \
  || die "Go $have at $(command -v go) is too old: Fabric $fabric_version is built with Go $need or newer"

mkdir -p "$cache"
# One build at a time per cache folder; whoever waited finds the binaries there.
exec 9> "$cache/.lock"
flock 9
if complete; then
  echo "$bin"
  exit 0
fi

echo "fabric-tools: building Fabric $fabric_version (${commands[*]}) into $bin" >&2
echo "fabric-tools: the first build downloads Fabric's modules and takes minutes" >&2
start=$(date +%s)
tmp=$(mktemp -d "$cache/bin.tmp.XXXXXX")
chmod 755 "$tmp"
trap 'rm -rf "$tmp"' EXIT

cd "$tools"
module=$(go list -m -f '{{.Path}}@{{.Version}}' github.com/hyperledger/fabric)
pkgs=()
for c in "${commands[@]}"; do pkgs+=("github.com/hyperledger/fabric/cmd/$c"); done
ldflags="-X github.com/hyperledger/fabric/common/metadata.Version=$fabric_version"
ldflags+=" -X github.com/hyperledger/fabric/common/metadata.CommitSHA=$fabric_commit"
go build -trimpath -buildvcs=false -ldflags "$ldflags" -o "$tmp/" "${pkgs[@]}" >&2 \
  || die "go build of Fabric $fabric_version failed (output above)"

# The sample configuration of the same module version; the module cache is read-only, so copy the files.
dir=$(go mod download -json "$module" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')
[ -n "$dir" ] && [ -f "$dir/sampleconfig/core.yaml" ] \
  || die "no sampleconfig/core.yaml in the module folder of $module ($dir)"
for f in core.yaml orderer.yaml; do
  cp "$dir/sampleconfig/$f" "$tmp/$f"
  chmod u+w "$tmp/$f"
done
echo "Hyperledger Fabric $fabric_version ($module), built with $(go env GOVERSION)" > "$tmp/VERSION"

rm -rf "$bin"
mv "$tmp" "$bin"
trap - EXIT
echo "fabric-tools: built in $(( $(date +%s) - start )) s" >&2
echo "$bin"
