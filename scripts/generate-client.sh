#!/usr/bin/env bash
# Regenerates the CLI's API client (src/Albumi.Cli/Client) with Kiota from the OpenAPI document the CLI is built
# against (src/Albumi.Cli/Api/openapi.v1.json). To take up a change to the API: run the test suite (it writes the
# served document to artifacts/openapi/v1.json), copy that over the CLI's copy, run this, and commit both.
# A test fails while the served document and the CLI's copy differ; CI fails while this script would change the client.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-src/Albumi.Cli/Client}"
dotnet tool restore >/dev/null
KIOTA_OFFLINE_ENABLED=true dotnet kiota generate --language CSharp \
  --openapi src/Albumi.Cli/Api/openapi.v1.json --output "$out" \
  --class-name AlbumiClient --namespace-name Albumi.Cli.Client \
  --exclude-backward-compatible --clean-output --log-level Error \
  --include-path "/v1/me" --include-path "/v1/me/api-keys" --include-path "/v1/me/api-keys/**" \
  --include-path "/v1/workspaces" --include-path "/v1/workspaces/import" \
  --include-path "/v1/workspaces/{ws}/members" --include-path "/v1/workspaces/{ws}/members/**" --include-path "/v1/workspaces/{ws}/audit" \
  --include-path "/v1/workspaces/{ws}/export" >/dev/null
# Kiota's lock file names the machine's absolute paths; the generated code is what matters.
rm -f "$out/kiota-lock.json"
