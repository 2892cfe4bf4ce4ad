#!/usr/bin/env bash
# `npm run release [-- --dry-run]`: the next version and its CHANGELOG.md section from the Conventional Commits since
# the last v* tag, with commit-and-tag-version (configured in .versionrc.json): it bumps package.json and
# package-lock.json (jsii takes the version from package.json into every language's package), prepends the section,
# commits both as `chore(release): <version>` and tags v<version>. Pushing the tag starts the release workflow.
#
# Before the first tag there is nothing to bump from: package.json's version (0.1.0) is the first release, and its
# CHANGELOG.md section is written by hand (the history before it has no Conventional Commits). So without a v* tag
# this runs --first-release (no bump) with the changelog and the commit skipped, and only tags v<version>.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -n "$(git tag --list 'v[0-9]*.[0-9]*.[0-9]*' --merged HEAD)" ]]; then
  exec npx --no-install commit-and-tag-version "$@"
fi
version=$(node -p 'require("./package.json").version')
grep -q "^## \[\?${version//./\\.}\b" CHANGELOG.md || {
  echo "release: no v* tag yet, and CHANGELOG.md has no hand-written '## $version' section for the first release" >&2
  exit 1
}
echo "release: no v* tag yet: $version is the first release (no bump; its CHANGELOG.md section is the hand-written one)"
exec npx --no-install commit-and-tag-version --first-release --skip.changelog --skip.commit "$@"
