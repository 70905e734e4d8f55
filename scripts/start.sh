#!/usr/bin/env bash
# The README's start command: brings Node 24 when the machine's is older, installs the exact
# dependencies, builds, and starts the app on embedded defaults (local storage + PGlite under ./data).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export NEXT_TELEMETRY_DISABLED=1
# shellcheck source=scripts/ensure-node.sh
source scripts/ensure-node.sh
npm ci --no-audit --no-fund
npm run build
exec npm start
