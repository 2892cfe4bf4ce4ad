#!/usr/bin/env bash
# The four packages, with jsii-pacmak, into dist-jsii/: js (the npm tarball), python (wheel and sdist), java (a Maven
# repository with the jar) and go (the module's source).
#
# Two facts of the registries this project builds against, each worked around here and nowhere else:
# - Maven Central's metadata for software.amazon.awscdk:aws-cdk-lib lists versions only up to 2.263.0 (while the
#   2.272.0 jar is served), so the generated pom's range [2.270.0,3.0.0) resolves to nothing. A local repository
#   (.tools/m2) holds metadata that names 2.272.0, the newest jar it serves within the peer range.
# - The Go module proxy does not serve cloud-assembly-schema-go v54, which aws-cdk-go v2.270.0 needs, so pacmak's own
#   `go build` of the module fails; the module's code is generated, and the Go consumer builds it against aws-cdk-go
#   v2.275.0, the oldest in the peer range the proxy serves with its dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."
m2="$PWD/.tools/m2"
mkdir -p "$m2/software/amazon/awscdk/aws-cdk-lib"
cat > "$m2/software/amazon/awscdk/aws-cdk-lib/maven-metadata-local.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<metadata>
  <groupId>software.amazon.awscdk</groupId>
  <artifactId>aws-cdk-lib</artifactId>
  <versioning><versions><version>2.272.0</version></versions></versioning>
</metadata>
XML
rm -rf dist-jsii .tools/pacmak-go
npx jsii-pacmak --targets js,python,java -o dist-jsii --maven-local-repository "$m2"
npx jsii-pacmak --targets go --code-only -o .tools/pacmak-go
mv .tools/pacmak-go/go dist-jsii/go
ls dist-jsii/js/*.tgz dist-jsii/python/*.whl dist-jsii/java/dev/cdk-cognito-auth/cdk-cognito-auth/*/*.jar dist-jsii/go/cdkcognitoauth/go.mod
