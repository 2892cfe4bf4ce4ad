#!/usr/bin/env bash
# Everything a release checks before it publishes, without publishing: the four packages scripts/package.sh built into
# dist-jsii/ against what each registry requires, and the API against the last release's. `npm run release-check`;
# .ci/run runs it after `npm run consumers`, which has built dist-jsii/ (built here when missing, or older than the
# assembly or package.json). Each check runs even when one before it failed; the exit code is 1 when any did.
#
# - npm: `npm pack --dry-run` of the jsii-pacmak tarball and of the work tree (scripts/release-check/npm-package.mjs):
#   only the built package's files, every entry point and handler bundle, sizes within budget; and `npm publish
#   --dry-run` of the tarball: no login, no registry write. npm refuses a version it already has: a note between
#   releases, a failure with --release (`bash scripts/release-check.sh --release`, for the release job).
# - PyPI: `twine check --strict` of the wheel and the sdist, and their core metadata (scripts/release-check/pypi-metadata.py),
#   with twine and trove-classifiers pinned in scripts/release-check/requirements.txt (a virtualenv in .tools/twine).
# - Maven Central: the POM's required elements, the -sources and -javadoc jars, checksums (scripts/release-check/maven-pom.py).
# - Go: the module path against where publib-golang pushes it (scripts/release-check/go-module.mjs), then go vet and
#   go build of the module from the Go consumer (test/consumers/go), whose go.mod replaces it with dist-jsii/go and
#   picks an aws-cdk-go the Go module proxy serves with its dependencies (scripts/package.sh says why pacmak's own
#   build of the module cannot).
# - API: jsii-diff against api-baseline/, breaking changes acknowledged in api-baseline/allowed-breaking-changes.txt
#   only, and only with the version moved (scripts/release-check/api-compat.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS
release=()
if [ "${1:-}" = "--release" ]; then release=(--release); fi

name=$(node -p 'require("./package.json").name')
version=$(node -p 'require("./package.json").version')
tarball="dist-jsii/js/$name@$version.jsii.tgz"
# dist-jsii/ is current when its npm tarball carries the assembly (.jsii, by fingerprint) and the package.json of now.
read_json='const j = JSON.parse(require("fs").readFileSync(process.argv[1] || 0, "utf8"));'
current() {
  [ -f .jsii ] && [ -f "$tarball" ] && [ -d dist-jsii/python ] && [ -d dist-jsii/java ] && [ -d dist-jsii/go ] &&
    [ "$(tar -xzOf "$tarball" package/.jsii | node -e "$read_json console.log(j.fingerprint)")" = \
      "$(node -e "$read_json console.log(j.fingerprint)" .jsii)" ] &&
    [ "$(tar -xzOf "$tarball" package/package.json | node -e "$read_json console.log(JSON.stringify(j))")" = \
      "$(node -e "$read_json console.log(JSON.stringify(j))" package.json)" ]
}
if [ ! -f .jsii ]; then
  echo "== no assembly (.jsii): npm run build"
  npm run build
fi
if ! current; then
  echo "== dist-jsii/ is missing or older than the build: bash scripts/package.sh"
  bash scripts/package.sh
fi

failed=()
step() {
  local label=$1
  shift
  local t=$SECONDS
  echo "== $label"
  if "$@"; then
    echo "-- $label: ok ($((SECONDS - t)) s)"
  else
    echo "-- $label: FAILED ($((SECONDS - t)) s)"
    failed+=("$label")
  fi
}

pypi() {
  local venv=.tools/twine
  if ! cmp -s scripts/release-check/requirements.txt "$venv/requirements.txt" 2>/dev/null; then
    rm -rf "$venv"
    python3 -m venv "$venv" &&
      "$venv/bin/pip" install --quiet --disable-pip-version-check -r scripts/release-check/requirements.txt || return 1
    cp scripts/release-check/requirements.txt "$venv/requirements.txt"
  fi
  "$venv/bin/twine" --version | head -1 || true
  local status=0
  "$venv/bin/twine" check --strict dist-jsii/python/*.whl dist-jsii/python/*.tar.gz || status=1
  "$venv/bin/python" scripts/release-check/pypi-metadata.py || status=1
  return $status
}

go_module() {
  node scripts/release-check/go-module.mjs || return 1
  local module
  module=$(sed -n 's/^module //p' dist-jsii/go/*/go.mod | head -1)
  grep -q "^replace $module => ../../../dist-jsii/go/" test/consumers/go/go.mod || {
    echo "test/consumers/go/go.mod does not replace $module with dist-jsii/go"
    return 1
  }
  (cd test/consumers/go && go vet "$module/..." && go build "$module/..." && echo "go vet and go build of $module/...: ok")
}

step "npm" node scripts/release-check/npm-package.mjs "${release[@]}"
step "PyPI" pypi
step "Maven Central" python3 scripts/release-check/maven-pom.py
step "Go" go_module
step "API compatibility" node scripts/release-check/api-compat.mjs

if [ ${#failed[@]} -gt 0 ]; then
  echo "release-check: FAILED: ${failed[*]} ($((SECONDS - start)) s)"
  exit 1
fi
echo "release-check: npm, PyPI, Maven Central, Go and API compatibility checks all pass ($((SECONDS - start)) s)"
