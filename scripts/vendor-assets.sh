#!/usr/bin/env bash
# Vendors the web node's design system: installs src/Albumi.Web/ClientAssets exactly as its lock file says (npm ci, no
# install scripts) in a scratch folder and copies the files the pages use, with their licences, into
# src/Albumi.Web/wwwroot/lib (or the folder given). The copies are committed, so `dotnet run` needs no Node;
# scripts/test.sh fails while they differ from what this script makes of the lock file.
# To take up a new version: change ClientAssets/package.json, `npm install --package-lock-only` there, run this, commit.
set -euo pipefail
cd "$(dirname "$0")/.."
assets=src/Albumi.Web/ClientAssets
out="${1:-src/Albumi.Web/wwwroot/lib}"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cp "$assets/package.json" "$assets/package-lock.json" "$scratch/"
(cd "$scratch" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
modules="$scratch/node_modules/@primer"

rm -rf "$out"
mkdir -p "$out/primer-css" "$out/primer-primitives"
# Primer CSS's core bundle (base, buttons, forms, layout, utilities): its full bundle adds marketing styles and every
# colour theme of its own (800 KB), where the pages use the primitives' light and dark themes below.
cp "$modules/css/dist/core.css" "$modules/css/LICENSE" "$out/primer-css/"
cp "$modules/primitives/LICENSE" "$out/primer-primitives/"
# The light and dark themes (Primer's data-color-mode picks one), and the size and type tokens the components use.
for file in functional/themes/light.css functional/themes/dark.css \
            base/size/size.css functional/size/size.css functional/size/border.css functional/size/radius.css functional/size/breakpoints.css functional/size/viewport.css \
            base/typography/typography.css functional/typography/typography.css base/motion/motion.css; do
  mkdir -p "$out/primer-primitives/$(dirname "$file")"
  cp "$modules/primitives/dist/css/$file" "$out/primer-primitives/$file"
done
