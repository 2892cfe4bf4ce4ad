"""The core metadata of the wheel and the sdist jsii-pacmak built (dist-jsii/python), for scripts/release-check.sh,
which runs `twine check --strict` on them first and this with the Python of the same virtualenv (twine's `packaging`,
and trove-classifiers: PyPI refuses an upload with a classifier that is not in that list).

Asserted of each: Name (jsii.targets.python.distName), Version (package.json's), Summary (its description), License,
Home-page or a Project-URL (the homepage), Requires-Python, the classifiers package.json asks for (among them
`Framework :: AWS CDK :: 2`, by which PyPI lists CDK libraries) all known to PyPI, a Markdown long description, an
author; and the wheel carries the jsii assembly tarball and py.typed.
"""
import email.parser
import json
import pathlib
import sys
import tarfile
import zipfile

from packaging.utils import canonicalize_name
from trove_classifiers import classifiers as KNOWN_CLASSIFIERS

ROOT = pathlib.Path(__file__).resolve().parents[2]
pkg = json.loads((ROOT / "package.json").read_text())
python = pkg["jsii"]["targets"]["python"]
version = pkg["version"]
REQUIRED_CLASSIFIERS = list(dict.fromkeys(["Framework :: AWS CDK :: 2", *python.get("classifiers", [])]))
homepage = pkg.get("homepage") or pkg["repository"]["url"]

failures = []


def check(label, raw, body_expected=True):
    msg = email.parser.Parser().parsestr(raw)
    problems = []

    def need(field, predicate=bool, why=""):
        value = msg.get(field)
        if value is None or not predicate(value):
            problems.append(f"{field}: {value!r}{' (' + why + ')' if why else ''}")

    need("Name", lambda v: canonicalize_name(v) == canonicalize_name(python["distName"]), f"expected {python['distName']}")
    need("Version", lambda v: v == version, f"expected package.json's {version}")
    need("Summary", lambda v: v.strip() == pkg["description"].strip(), "expected package.json's description")
    if not (msg.get("License") or msg.get("License-Expression")):
        problems.append("neither License nor License-Expression")
    urls = [msg.get("Home-page", "")] + [u.split(",", 1)[-1].strip() for u in msg.get_all("Project-URL") or []]
    if homepage.rstrip("/") not in [u.rstrip("/") for u in urls if u]:
        problems.append(f"no Home-page or Project-URL is the homepage {homepage} (has {[u for u in urls if u]})")
    need("Requires-Python")
    if not (msg.get("Author") or msg.get("Author-email")):
        problems.append("neither Author nor Author-email")
    need("Description-Content-Type", lambda v: v.startswith("text/markdown"))
    if body_expected and len(msg.get_payload() or "") < 200:
        problems.append("the long description (README) is missing or short")
    have = msg.get_all("Classifier") or []
    for c in REQUIRED_CLASSIFIERS:
        if c not in have:
            problems.append(f"classifier {c!r} missing")
    for c in have:
        if c not in KNOWN_CLASSIFIERS:
            problems.append(f"classifier {c!r} is not a PyPI trove classifier")
    print(f"{label}: {msg.get('Name')} {msg.get('Version')}, {len(have)} classifiers, Requires-Python {msg.get('Requires-Python')}")
    failures.extend(f"{label}: {p}" for p in problems)


dist = ROOT / "dist-jsii" / "python"
module = python["module"]
wheels = sorted(dist.glob(f"*-{version}-*.whl"))
sdists = sorted(dist.glob(f"*-{version}.tar.gz"))
if len(wheels) != 1 or len(sdists) != 1:
    failures.append(f"expected one wheel and one sdist of {version} in dist-jsii/python, found {wheels + sdists}")
else:
    wheel, sdist = wheels[0], sdists[0]
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
        check(wheel.name, z.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode())
        for want in (f"{module}/_jsii/{pkg['name']}@{version}.jsii.tgz", f"{module}/py.typed"):
            if want not in names:
                failures.append(f"{wheel.name}: {want} missing")
    with tarfile.open(sdist) as t:
        pkg_info = next(m for m in t.getmembers() if m.name.count("/") == 1 and m.name.endswith("/PKG-INFO"))
        check(sdist.name, t.extractfile(pkg_info).read().decode())
    print(f"sizes: {wheel.name} {wheel.stat().st_size} bytes, {sdist.name} {sdist.stat().st_size} bytes")

for f in failures:
    print(f"pypi: {f}", file=sys.stderr)
sys.exit(1 if failures else 0)
