#!/usr/bin/env bash
# The example app against its released templates (test/upgrade-baseline/), with the package's own
# cognito-upgrade-check command: exit 1 on anything lost or refused that acknowledgements.json does not accept.
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
npx cdk synth -q -o "$out" > /dev/null
status=0
for template in test/upgrade-baseline/*.template.json; do
  stack="$(basename "$template" .template.json)"
  echo "== $stack"
  node dist/upgrade-check/cli.js --before "$template" --after-app "$out" --stack "$stack" \
    --acknowledgements test/upgrade-baseline/acknowledgements.json || status=$?
done
exit "$status"
