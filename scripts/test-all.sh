#!/usr/bin/env bash
# Every check, in the order a failure is cheapest to find: `npm test` runs this.
# Installs what it needs (npm ci when the lockfile changed; Debian packages through
# scripts/services.sh), starts the test services, runs each step even when an earlier one failed,
# stops the services again, and exits non-zero when anything failed.
# The last line of output is always the summary: "<passed> passed, <failed> failed".
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

# Node 24 LTS, installed from the npm registry when the machine's Node is older.
# shellcheck source=scripts/ensure-node.sh
source scripts/ensure-node.sh || exit 1

export NEXT_TELEMETRY_DISABLED=1
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

passed=0
failed=0
results=()
services_started=0

seconds_since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }

# step NAME COMMAND...: runs one step, prints its time, records the outcome.
step() {
  local name=$1 started status
  shift
  echo
  echo "==> $name: $*"
  started=$EPOCHREALTIME
  "$@"
  status=$?
  local took
  took=$(seconds_since "$started")
  if ((status == 0)); then
    passed=$((passed + 1))
    results+=("$(printf '  %-12s passed  %6ss' "$name" "$took")")
    echo "==> $name passed in ${took}s"
  else
    failed=$((failed + 1))
    results+=("$(printf '  %-12s FAILED  %6ss  (exit %s)' "$name" "$took" "$status")")
    echo "==> $name FAILED in ${took}s (exit $status)"
  fi
  return "$status"
}

not_run() {
  failed=$((failed + 1))
  results+=("$(printf '  %-12s FAILED          (not run: %s)' "$1" "$2")")
  echo
  echo "==> $1 not run: $2"
}

stop_services() {
  if ((services_started)); then
    services_started=0
    echo
    bash scripts/services.sh stop
  fi
}
trap stop_services EXIT
trap 'exit 130' INT TERM

# Skips npm ci when node_modules was installed from this exact lockfile.
install_dependencies() {
  local hash
  node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 24 ? 0 : 1)' ||
    { echo "Node >= 24 is required (found $(node --version))" >&2; return 1; }
  hash=$( (sha256sum package-lock.json; node --version) | sha256sum | cut -d' ' -f1)
  if [[ -f node_modules/.lock-hash && $(<node_modules/.lock-hash) == "$hash" ]]; then
    echo "node_modules matches package-lock.json; skipping npm ci"
    return 0
  fi
  npm ci --no-audit --no-fund && echo "$hash" >node_modules/.lock-hash
}

start_services() {
  services_started=1
  bash scripts/services.sh start || return 1
  # shellcheck source=/dev/null
  source .test-services/env.sh
}

started_all=$EPOCHREALTIME
if step deps install_dependencies; then
  step services start_services
  step typecheck npm run typecheck
  step lint npm run lint
  step db:check npm run db:check
  step unit npm run test:unit
  step integration npm run test:integration
  if step build npm run build; then
    step e2e npm run test:e2e
    step e2e-pair npx playwright test -c playwright.pair.config.ts
  else
    not_run e2e "the build failed"
    not_run e2e-pair "the build failed"
  fi
else
  for name in services typecheck lint db:check unit integration build e2e e2e-pair; do not_run "$name" "dependencies failed to install"; done
fi
stop_services

echo
echo "Summary ($(seconds_since "$started_all")s):"
printf '%s\n' "${results[@]}"
echo "$passed passed, $failed failed"
((failed == 0))
