"""A PEP 517 build backend in the standard library, for this package only.

pip runs it from the source tree (pyproject.toml: backend-path = ["."], requires = []), so
installing edgegrad needs no package index: a class can `pip install` it from its own server.
It writes what setuptools would for a pure-Python package: an sdist (PKG-INFO and the sources)
and a py3-none-any wheel (the package and its .dist-info), byte-for-byte reproducible (fixed
timestamps, sorted entries).
"""
import base64
import gzip
import hashlib
import io
import os
import re
import tarfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
PACKAGE = "edgegrad"
SDIST_FILES = ["pyproject.toml", "build_backend.py", "README.md"]
SDIST_DIRS = [PACKAGE]  # the tests need a server and the repository's fixtures: they stay in the repository
EPOCH_1980 = 315532800  # zip timestamps start in 1980


def _project():
    """The [project] table of pyproject.toml (tomllib from Python 3.11; before, its flat keys)."""
    with open(os.path.join(HERE, "pyproject.toml"), "rb") as f:
        raw = f.read()
    try:
        import tomllib

        return tomllib.loads(raw.decode("utf-8"))["project"]
    except ImportError:
        table = re.search(r"^\[project\]\n(.*?)(?=^\[|\Z)", raw.decode("utf-8"), re.S | re.M).group(1)
        return {k: v for k, v in re.findall(r'^(\S+)\s*=\s*"([^"]*)"\s*$', table, re.M)}


def _metadata():
    p = _project()
    with open(os.path.join(HERE, p.get("readme", "README.md")), encoding="utf-8") as f:
        readme = f.read()
    lines = [
        "Metadata-Version: 2.1",
        "Name: " + p["name"],
        "Version: " + p["version"],
        "Summary: " + p["description"],
        "Requires-Python: " + p["requires-python"],
        "Provides-Extra: numpy",
        'Requires-Dist: numpy; extra == "numpy"',
        "Description-Content-Type: text/markdown",
    ]
    return p["name"], p["version"], ("\n".join(lines) + "\n\n" + readme).encode("utf-8")


def _files(dirs):
    """Relative paths of the source files under dirs, sorted (no caches)."""
    out = []
    for d in dirs:
        for root, subdirs, names in os.walk(os.path.join(HERE, d)):
            subdirs[:] = sorted(s for s in subdirs if s != "__pycache__")
            out += [os.path.relpath(os.path.join(root, n), HERE) for n in names if n.endswith(".py")]
    return sorted(p.replace(os.sep, "/") for p in out)


def _read(rel):
    with open(os.path.join(HERE, rel), "rb") as f:
        return f.read()


def _record_line(path, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return "%s,sha256=%s,%d" % (path, digest, len(data))


def _write_wheel(directory, entries):
    """entries: [(path in the wheel, bytes)]; adds WHEEL, METADATA and RECORD."""
    name, version, metadata = _metadata()
    info = "%s-%s.dist-info" % (name, version)
    wheel = b"Wheel-Version: 1.0\nGenerator: edgegrad build_backend\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    entries = entries + [(info + "/METADATA", metadata), (info + "/WHEEL", wheel)]
    record = "".join(_record_line(p, d) + "\n" for p, d in entries) + info + "/RECORD,,\n"
    entries.append((info + "/RECORD", record.encode()))
    filename = "%s-%s-py3-none-any.whl" % (name, version)
    with zipfile.ZipFile(os.path.join(directory, filename), "w", zipfile.ZIP_DEFLATED) as z:
        for path, data in entries:
            zi = zipfile.ZipInfo(path, date_time=(1980, 1, 1, 0, 0, 0))
            zi.external_attr = 0o644 << 16
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, data)
    return filename


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    return _write_wheel(wheel_directory, [(p, _read(p)) for p in _files([PACKAGE])])


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    """PEP 660 (`pip install -e`): a .pth file that puts this source tree on sys.path."""
    return _write_wheel(wheel_directory, [("__editable__.%s.pth" % PACKAGE, (HERE + "\n").encode())])


def build_sdist(sdist_directory, config_settings=None):
    name, version, metadata = _metadata()
    base = "%s-%s" % (name, version)
    entries = [("PKG-INFO", metadata)] + [(p, _read(p)) for p in SDIST_FILES + _files(SDIST_DIRS)]
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for path, data in entries:
            ti = tarfile.TarInfo(base + "/" + path)
            ti.size, ti.mtime, ti.mode = len(data), EPOCH_1980, 0o644
            tar.addfile(ti, io.BytesIO(data))
    filename = base + ".tar.gz"
    with open(os.path.join(sdist_directory, filename), "wb") as out:
        with gzip.GzipFile(filename="", mode="wb", fileobj=out, mtime=0) as gz:
            gz.write(buf.getvalue())
    return filename


def get_requires_for_build_wheel(config_settings=None):
    return []


get_requires_for_build_sdist = get_requires_for_build_editable = get_requires_for_build_wheel

if __name__ == "__main__":
    # python3 build_backend.py OUT_DIR  ->  writes the sdist there and prints its path
    import sys

    out = sys.argv[1] if len(sys.argv) > 1 else "dist"
    os.makedirs(out, exist_ok=True)
    print(os.path.join(out, build_sdist(out)))
