#!/usr/bin/env bash
# The README's two commands on a fresh machine: a clean clone of HEAD, a scratch HOME and a scratch
# npm prefix (no global pnpm, no user npmrc, no caches of ours), and a PATH that holds no
# redis-server and no pnpm. Runs exactly `npm run quickstart`, then `pnpm test`, and prints the time
# each took. Machine-level network settings (registry, proxy, CA) are passed through, as a newcomer
# has them.
#
# Cost control for CI (.ci/run runs this first): the clone uses the machine's pnpm store (empty on a
# fresh CI machine, so this run downloads everything once and the main run reuses it). Turbo's cache
# starts empty in a scratch folder, as in a fresh clone: the quickstart builds from nothing and
# `pnpm test` reuses those builds, as a newcomer's does, and runs every test. At the end the scratch
# cache is copied into the main checkout's, so the main run's identical tasks are cache hits.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/scope-fresh-XXXXXX")
trap 'rm -rf "$work"' EXIT

git clone --quiet --no-hardlinks "$repo" "$work/clone"
mkdir -p "$work/home/.config/pnpm" "$work/npm-prefix/bin" "$work/path"
# pnpm's global config (in the scratch HOME) names the machine's store; nothing else is configured.
echo "store-dir=${XDG_DATA_HOME:-$HOME/.local/share}/pnpm/store" >"$work/home/.config/pnpm/rc"

# A PATH of links to every command on the current PATH except redis-* and pnpm (only Node and npm).
IFS=: read -ra dirs <<<"$PATH"
for dir in "${dirs[@]}"; do
  [ -d "$dir" ] || continue
  for cmd in "$dir"/*; do
    name=${cmd##*/}
    case $name in redis-* | pnpm | pnpx | pn) continue ;; esac
    if [ -x "$cmd" ] && [ ! -d "$cmd" ] && [ ! -e "$work/path/$name" ]; then ln -s "$cmd" "$work/path/$name"; fi
  done
done

fresh_env=(
  HOME="$work/home"
  PATH="$work/npm-prefix/bin:$work/path"
  NPM_CONFIG_PREFIX="$work/npm-prefix"
  TURBO_CACHE_DIR="$work/turbo-cache"
  CI="${CI:-true}" TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1 FORCE_COLOR=0 NO_COLOR=1 LANG=C.UTF-8
)
# Network settings only: where the registry is and how to reach it.
for key in registry cafile proxy https-proxy noproxy strict-ssl; do
  value=$(npm config get "$key" 2>/dev/null || true)
  if [ -n "$value" ] && [ "$value" != "null" ] && [ "$value" != "undefined" ]; then fresh_env+=("npm_config_${key//-/_}=$value"); fi
done
for var in HTTP_PROXY HTTPS_PROXY NO_PROXY http_proxy https_proxy no_proxy NODE_EXTRA_CA_CERTS SSL_CERT_FILE SSL_CERT_DIR; do
  if [ -n "${!var:-}" ]; then fresh_env+=("$var=${!var}"); fi
done

cd "$work/clone"
if env -i "${fresh_env[@]}" bash -c 'command -v redis-server || command -v pnpm' >/dev/null; then
  echo "fresh-machine: the scratch PATH still has redis-server or pnpm" >&2
  exit 1
fi

echo "=== fresh machine: npm run quickstart (node $(node --version), npm $(npm --version))"
start=$SECONDS
env -i "${fresh_env[@]}" npm run quickstart
quickstart_s=$((SECONDS - start))

echo "=== fresh machine: pnpm test"
start=$SECONDS
status=0
env -i "${fresh_env[@]}" pnpm test || status=$?
test_s=$((SECONDS - start))

mkdir -p "$repo/.turbo/cache"
cp -R "$work/turbo-cache/." "$repo/.turbo/cache/" 2>/dev/null || true

echo "=== fresh machine timings: quickstart ${quickstart_s}s, pnpm test ${test_s}s (exit ${status})"
exit "$status"
