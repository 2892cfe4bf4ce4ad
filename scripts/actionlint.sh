#!/usr/bin/env bash
# actionlint on .github/workflows/: workflow syntax, expressions, `needs`, job permissions, the inputs of popular
# actions, and the `run:` scripts through shellcheck when shellcheck is on the PATH (it is not installed on the build
# machines; where it is, its findings fail this script too). actionlint is built from source with the Go toolchain
# (the Go module proxy serves it) into .tools/bin, once per version: a second run reuses the binary, offline.
set -euo pipefail
cd "$(dirname "$0")/.."
version=v1.7.12
bin="$PWD/.tools/bin"
actionlint="$bin/actionlint"
if [[ ! -x "$actionlint" ]] || [[ "$("$actionlint" -version | head -n 1)" != "$version" ]]; then
  mkdir -p "$bin"
  GOBIN="$bin" go install "github.com/rhysd/actionlint/cmd/actionlint@$version"
fi
if command -v shellcheck > /dev/null; then
  echo "actionlint $version, with $(shellcheck --version | sed -n 's/^version: /shellcheck /p')"
else
  echo "actionlint $version (shellcheck not installed: run: scripts are not checked by it)"
fi
"$actionlint" -no-color "$@"
