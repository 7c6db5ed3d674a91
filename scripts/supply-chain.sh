#!/usr/bin/env bash
# Supply-chain checks, run by scripts/test.sh after the locked restore: no NuGet package of any project (direct or
# transitive) with a known vulnerability, and none among the test tools' npm packages. A vulnerable package fails the
# run. Where a registry serves no advisory data the check says so; with ALBUMI_REQUIRE_ADVISORIES=true (CI on a
# machine that reaches full registries) that fails the run too, since nothing was checked.
set -euo pipefail
cd "$(dirname "$0")/.."

unreachable() {
  echo "Supply chain: $1"
  if [ "${ALBUMI_REQUIRE_ADVISORIES:-false}" = "true" ]; then exit 1; fi
}

# dotnet's check answers "no vulnerable packages" when its sources serve no advisories at all: ask them first.
sources=$(dotnet nuget list source --format short | awk '$1 ~ /^E/ { print $2 }')
advising=$(node -e '
  Promise.all(process.argv.slice(1).map(u => fetch(u).then(r => r.json()).catch(() => ({}))))
    .then(all => console.log(all.filter(i => (i.resources || []).some(r => String(r["@type"]).startsWith("VulnerabilityInfo"))).length));
' $sources)
report=$(mktemp)
trap 'rm -f "$report"' EXIT
if [ "$advising" = "0" ]; then
  unreachable "the NuGet sources configured here serve no vulnerability data (no VulnerabilityInfo resource); the NuGet packages were not checked."
elif ! dotnet list Albumi.sln package --vulnerable --include-transitive >"$report" 2>&1; then
  cat "$report"
  echo "Supply chain: could not check the NuGet packages for known vulnerabilities (see above)."
  exit 1
elif grep -q "has the following vulnerable packages" "$report"; then
  cat "$report"
  echo "Supply chain: a package above has a known vulnerability; update it (Directory.Packages.props) and its lock files."
  exit 1
else
  echo "Supply chain: no known-vulnerable NuGet package (direct or transitive) in any project."
fi

# npm's advisory endpoint is not reachable from every machine (the registry mirror may refuse it): then say so.
# Both npm lock files: the test tools', and the design system's the node serves (read from the lock, nothing installed).
for dir in tests/node src/Albumi.Web/ClientAssets; do
  audit=$(cd "$dir" && npm audit --omit=dev --package-lock-only --json 2>/dev/null || true)
  verdict=$(node -e '
    let a; try { a = JSON.parse(process.argv[1]); } catch { console.log("unreachable"); process.exit(0); }
    if (a.error || !a.metadata) { console.log("unreachable"); process.exit(0); }
    const v = a.metadata.vulnerabilities || {};
    const n = Object.values(v).reduce((s, x) => s + x, 0);
    console.log(n === 0 ? "clean" : "vulnerable " + JSON.stringify(v));
  ' "$audit")
  case "$verdict" in
    clean) echo "Supply chain: no known-vulnerable npm package in $dir." ;;
    unreachable) unreachable "npm's advisory data is not reachable from this machine; the npm packages of $dir were not audited (they stay pinned by its package-lock.json)." ;;
    *) (cd "$dir" && npm audit --omit=dev --package-lock-only) || true
       echo "Supply chain: npm audit found $verdict in $dir."
       exit 1 ;;
  esac
done
