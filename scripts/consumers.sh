#!/usr/bin/env bash
# A consumer per jsii language, each installing the CDK from its own registry and this library from the package
# scripts/package.sh builds: Python with pytest, Java with Maven and JUnit, Go with go test (test/consumers/).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/package.sh

echo "== Python"
venv=.tools/py-consumer
rm -rf "$venv"
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check -r test/consumers/python/requirements.txt dist-jsii/python/*.whl
(cd test/consumers/python && "../../../$venv/bin/python" -m pytest -q -p no:cacheprovider)

echo "== Java"
(cd test/consumers/java && mvn -B -q -Dmaven.repo.local="$PWD/../../../.tools/m2" test)
grep -h "Tests run" test/consumers/java/target/surefire-reports/*.txt

echo "== Go"
(cd test/consumers/go && go test -count=1 ./...)
