#!/usr/bin/env bash
# Runs Albumi's whole test suite: installs what the tests need (PostgreSQL's server binaries, Node.js, Chromium),
# restores with the lock files, builds, and runs every test. Page screenshots land in artifacts/screenshots. The tests start their own throwaway PostgreSQL server; nothing else is needed.
set -euo pipefail
cd "$(dirname "$0")/.."

sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v pgbackrest >/dev/null 2>&1 || missing+=(pgbackrest)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} (the tests run their own PostgreSQL, OIDC provider, headless browser and backups)..."
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# The test tools' packages (OpenID Connect provider, TOTP, JSON Schema, OpenAPI linter), exactly as locked.
(cd tests/node && npm ci --no-audit --no-fund --loglevel=error)

dotnet restore Albumi.sln --locked-mode

# No known-vulnerable package, NuGet or npm (says so where a registry serves no advisory data).
bash scripts/supply-chain.sh

# The CLI's API client is exactly what Kiota makes of the CLI's copy of the API document: a stale client fails here
# (and OpenApiTests fails while that copy differs from the document the server serves).
generated=$(mktemp -d)
bash scripts/generate-client.sh "$generated/Client"
if ! diff -r "$generated/Client" src/Albumi.Cli/Client >/dev/null; then
  echo "src/Albumi.Cli/Client is not what scripts/generate-client.sh makes of src/Albumi.Cli/Api/openapi.v1.json: run it and commit the result."
  exit 1
fi
rm -rf "$generated"
# The design system the node serves (wwwroot/lib) is exactly what scripts/vendor-assets.sh makes of its lock file.
vendored=$(mktemp -d)
bash scripts/vendor-assets.sh "$vendored/lib"
if ! diff -r "$vendored/lib" src/Albumi.Web/wwwroot/lib >/dev/null; then
  echo "src/Albumi.Web/wwwroot/lib is not what scripts/vendor-assets.sh makes of src/Albumi.Web/ClientAssets/package-lock.json: run it and commit the result."
  exit 1
fi
rm -rf "$vendored"
dotnet build Albumi.sln --no-restore -warnaserror
log=$(mktemp)
# The suite leaves the OpenAPI document and every exchange its nodes answered here, for the two checks after it.
rm -rf artifacts/openapi
set +e
dotnet test tests/Albumi.Tests --no-build --logger "console;verbosity=normal" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# The API document tells the truth: lint it, and hold every recorded exchange against it.
echo "Linting the OpenAPI document (.spectral.yaml)..."
tests/node/node_modules/.bin/spectral lint --ruleset .spectral.yaml --fail-severity error --display-only-failures artifacts/openapi/v1.json
lint=$?
node tests/node/check-exchanges.mjs artifacts/openapi/v1.json artifacts/openapi/exchanges
exchanges=$?
set -e

# One plain summary line: "N passed, N failed, N skipped" (from the runner's "Total tests" block).
count() { grep -E "^ +$1: +[0-9]+" "$log" | tail -n 1 | grep -oE "[0-9]+" || echo 0; }
passed=$(count Passed)
failed=$(count Failed)
skipped=$(count Skipped)
if [ "$failed" != "0" ]; then
  echo "Failed tests:"
  grep -E "^ +Failed [A-Za-z]" "$log" | sed -E "s/^ +/  /" || true
fi
rm -f "$log"
echo "$passed passed, $failed failed, $skipped skipped; OpenAPI lint $([ $lint -eq 0 ] && echo clean || echo FAILED); recorded exchanges $([ $exchanges -eq 0 ] && echo all documented || echo FAILED)"
[ "$status" -eq 0 ] || exit "$status"
[ $lint -eq 0 ] && [ $exchanges -eq 0 ]
