"""The Maven repository jsii-pacmak built (dist-jsii/java), for scripts/release-check.sh, against what Maven Central
requires of a deployment (central.sonatype.org/publish/requirements):

- the POM has groupId, artifactId and version (package.json's jsii.targets.java.maven and version), name, description,
  url, licenses each with a name and a url, developers each with a name, and scm with url and connection;
- beside <artifactId>-<version>.jar are the -sources.jar and -javadoc.jar (jsii-pacmak builds both, with
  maven-source-plugin and maven-javadoc-plugin in the POM it writes), each a non-empty jar of .java sources and of HTML;
- every file has its .md5 and .sha1 checksum, and they match.

Not checked here: the .asc PGP signature of each file, which the release job makes with its key when it publishes
(publib-maven), and the namespace (groupId) verified for the publishing account on the Central Portal.
"""
import hashlib
import json
import pathlib
import re
import sys
import xml.etree.ElementTree as ET
import zipfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
pkg = json.loads((ROOT / "package.json").read_text())
maven = pkg["jsii"]["targets"]["java"]["maven"]
version = pkg["version"]
group, artifact = maven["groupId"], maven["artifactId"]
folder = ROOT / "dist-jsii" / "java" / pathlib.Path(*group.split(".")) / artifact / version
base = f"{artifact}-{version}"
NS = {"m": "http://maven.apache.org/POM/4.0.0"}
failures = []

pom_file = folder / f"{base}.pom"
if not pom_file.exists():
    print(f"maven: {pom_file.relative_to(ROOT)} missing: run npm run package", file=sys.stderr)
    sys.exit(1)
pom = ET.parse(pom_file).getroot()


def text(path, node=pom):
    el = node.find(path, NS)
    return (el.text or "").strip() if el is not None else ""


def resolved(value):
    """${project.groupId}-style references (pacmak's <name> is `${project.groupId}:${project.artifactId}`)."""
    return re.sub(r"\$\{project\.(\w+)\}", lambda m: text(f"m:{m.group(1)}"), value)


for field, want in (("groupId", group), ("artifactId", artifact), ("version", version)):
    if text(f"m:{field}") != want:
        failures.append(f"<{field}> is {text(f'm:{field}')!r}, expected {want!r}")
for field in ("name", "description", "url"):
    if not resolved(text(f"m:{field}")):
        failures.append(f"<{field}> missing or empty")
if not re.match(r"https?://", text("m:url")):
    failures.append(f"<url> {text('m:url')!r} is not an http(s) URL")
homepage = pkg.get("homepage")
if homepage and text("m:url") != homepage:
    failures.append(f"<url> {text('m:url')!r} is not package.json's homepage {homepage!r}")
licenses = pom.findall("m:licenses/m:license", NS)
if not licenses:
    failures.append("no <licenses><license>")
for lic in licenses:
    if not text("m:name", lic) or not text("m:url", lic):
        failures.append(f"a <license> without <name> or <url>: {text('m:name', lic)!r} {text('m:url', lic)!r}")
developers = pom.findall("m:developers/m:developer", NS)
if not developers or not all(text("m:name", d) for d in developers):
    failures.append("no <developers><developer> with a <name>")
for field in ("url", "connection"):
    if not text(f"m:scm/m:{field}"):
        failures.append(f"<scm><{field}> missing")
if any("SNAPSHOT" in text("m:version", d) for d in pom.findall("m:dependencies/m:dependency", NS)):
    failures.append("a dependency on a SNAPSHOT version (Central takes releases that depend on releases only)")

jars = {"": ".class", "-sources": ".java", "-javadoc": ".html"}
for classifier, content in jars.items():
    jar = folder / f"{base}{classifier}.jar"
    if not jar.exists():
        failures.append(f"{jar.name} missing")
        continue
    with zipfile.ZipFile(jar) as z:
        if not any(n.endswith(content) for n in z.namelist()):
            failures.append(f"{jar.name} has no {content} file")
    print(f"{jar.name}: {jar.stat().st_size} bytes")
for f in sorted(folder.iterdir()):
    if f.suffix in (".md5", ".sha1", ".asc"):
        continue
    for algo in ("md5", "sha1"):
        sum_file = f.with_name(f"{f.name}.{algo}")
        if not sum_file.exists():
            failures.append(f"{sum_file.name} missing")
        elif sum_file.read_text().split()[0] != hashlib.new(algo, f.read_bytes()).hexdigest():
            failures.append(f"{sum_file.name} does not match {f.name}")

print(f"{pom_file.name}: {resolved(text('m:name'))}, url {text('m:url')}, {len(licenses)} license(s) "
      f"({', '.join(text('m:name', lic) for lic in licenses)}), {len(developers)} developer(s), scm {text('m:scm/m:url')}")
for f in failures:
    print(f"maven: {f}", file=sys.stderr)
sys.exit(1 if failures else 0)
