"""Writes the package set of bench/pypi_bench.sh: NAMES projects x VERSIONS versions, each as a
wheel and an sdist with real core metadata (so that twine, Gantry's upload checks and pypiserver
all take them), a few KiB of incompressible payload each. Deterministic for the same arguments.

    python bench/gen_packages.py OUT_DIR [NAMES] [VERSIONS]
"""

import io
import random
import sys
import tarfile
import zipfile
from pathlib import Path

out = Path(sys.argv[1])
names = int(sys.argv[2]) if len(sys.argv) > 2 else 50
versions = int(sys.argv[3]) if len(sys.argv) > 3 else 4
out.mkdir(parents=True, exist_ok=True)
rng = random.Random(42)
stamp = (2024, 1, 1, 0, 0, 0)


def metadata(name: str, version: str) -> str:
    return (
        f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"
        f"Summary: Benchmark package {name}\nRequires-Python: >=3.8\n\nLong description of {name}.\n"
    )


for n in range(names):
    name = f"bench_pkg_{n:03d}"
    for v in range(versions):
        version = f"1.{v}.0"
        payload = rng.randbytes(8 * 1024 + rng.randrange(8 * 1024))
        wheel = out / f"{name}-{version}-py3-none-any.whl"
        with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as z:
            for member, data in [
                (f"{name}/__init__.py", f"__version__ = '{version}'\n".encode()),
                (f"{name}/data.bin", payload),
                (f"{name}-{version}.dist-info/METADATA", metadata(name, version).encode()),
                (f"{name}-{version}.dist-info/WHEEL", b"Wheel-Version: 1.0\nGenerator: bench\nRoot-Is-Purelib: true\nTag: py3-none-any\n"),
                (f"{name}-{version}.dist-info/RECORD", b""),
            ]:
                z.writestr(zipfile.ZipInfo(member, stamp), data)
        sdist = out / f"{name}-{version}.tar.gz"
        with tarfile.open(sdist, "w:gz") as t:
            for member, data in [
                (f"{name}-{version}/PKG-INFO", metadata(name, version).encode()),
                (f"{name}-{version}/{name}/__init__.py", f"__version__ = '{version}'\n".encode()),
                (f"{name}-{version}/{name}/data.bin", payload),
            ]:
                info = tarfile.TarInfo(member)
                info.size = len(data)
                info.mtime = 1704067200
                t.addfile(info, io.BytesIO(data))
print(f"{names * versions * 2} files in {out}")
