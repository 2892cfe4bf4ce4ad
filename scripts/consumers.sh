#!/usr/bin/env bash
# A consumer per jsii language, each installing the CDK from its own registry and this library from the package
# scripts/package.sh builds: Python with pytest, Java with Maven and JUnit, Go with go test (test/consumers/). Each also
# runs the README's examples of its language, which scripts/readme-examples.mjs writes into it first (git-ignored) from
# the markdown file README_EXAMPLES names (default README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
# A deprecated aws-cdk-lib or library API used on any path the consumers take fails them (jsii's switch, read by the
# JavaScript each language's runtime runs), as it fails the README's TypeScript blocks in npm test.
export JSII_DEPRECATED=fail
node scripts/readme-examples.mjs "${README_EXAMPLES:-README.md}"
bash scripts/package.sh

echo "== Python"
venv=.tools/py-consumer
rm -rf "$venv"
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check -r test/consumers/python/requirements.txt dist-jsii/python/*.whl
(cd test/consumers/python && "../../../$venv/bin/python" -m pytest -q -p no:cacheprovider)

echo "== Java"
# The README's tests are named by their line, so an earlier run's reports may name tests that no longer exist.
rm -rf test/consumers/java/target/surefire-reports
(cd test/consumers/java && mvn -B -q -Dmaven.repo.local="$PWD/../../../.tools/m2" test)
grep -h "Tests run" test/consumers/java/target/surefire-reports/*.txt

echo "== Go"
(cd test/consumers/go && go test -count=1 ./...)
