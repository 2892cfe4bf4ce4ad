#!/usr/bin/env bash
# AWS's cfn-lint (from PyPI, pinned) on every template the example app synthesizes: exit non-zero on any error or
# on a warning that .cfnlintrc.yaml does not ignore.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.tools/cfn-lint
if [ ! -x "$venv/bin/cfn-lint" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check cfn-lint==1.58.0
fi
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
npx cdk synth -q -o "$out" > /dev/null
# And prod with a replica (the multi-Region option): its key, key replica and replica-region stacks.
npx cdk synth -q -c stage=prod -c replicaRegion=eu-west-1 -o "$out/multi-region" > /dev/null
"$venv/bin/cfn-lint" --version
"$venv/bin/cfn-lint" --config-file .cfnlintrc.yaml -- "$out"/*.template.json "$out"/multi-region/*.template.json
echo "cfn-lint: no errors or unignored warnings in $(ls "$out"/*.template.json "$out"/multi-region/*.template.json | wc -l) templates"
