#!/usr/bin/env bash
# The example app against its released templates (test/upgrade-baseline/), with the package's own
# cognito-upgrade-check command as built in dist/ (npm run build first): exit 1 on anything lost or refused that
# acknowledgements.json does not accept, 2 when a stack could not be checked.
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
npx cdk synth -q -o "$out" > /dev/null
status=0
for template in test/upgrade-baseline/*.template.json; do
  stack="$(basename "$template" .template.json)"
  echo "== $stack"
  code=0
  node dist/upgrade-check/cli.js --before "$template" --after-app "$out" --stack "$stack" \
    --acknowledgements test/upgrade-baseline/acknowledgements.json || code=$?
  # the worst status wins: 2 (could not check) over 1 (findings) over 0
  if [ "$code" -gt "$status" ]; then status=$code; fi
done
exit "$status"
