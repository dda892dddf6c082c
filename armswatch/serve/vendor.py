"""The front-end libraries: which npm files the dashboard serves, and copying them into static/vendor/.

They come from the npm registry, pinned in the repository's package.json and
package-lock.json, and are installed by `make setup` (`npm ci`), which then
runs `python -m armswatch.serve.vendor node_modules` to copy the few files
served here. static/vendor/ is generated (not committed) and goes into the
wheel as package data. Without it the pages still render, with a notice.

    python -m armswatch.serve.vendor NODE_MODULES
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

STATIC = Path(__file__).parent / "static"
VENDOR = STATIC / "vendor"

# served name -> path inside node_modules
FILES = {
    "d3-array.min.js": "d3-array/dist/d3-array.min.js",
    "d3-geo.min.js": "d3-geo/dist/d3-geo.min.js",
    "d3-selection.min.js": "d3-selection/dist/d3-selection.min.js",
    "topojson-client.min.js": "topojson-client/dist/topojson-client.min.js",
    "countries-110m.json": "world-atlas/countries-110m.json",
    "cytoscape.min.js": "cytoscape/dist/cytoscape.min.js",
    "swagger-ui-bundle.js": "swagger-ui-dist/swagger-ui-bundle.js",
    "swagger-ui.css": "swagger-ui-dist/swagger-ui.css",
}
LICENSES = ("d3-array", "d3-geo", "d3-selection", "topojson-client", "world-atlas", "cytoscape", "swagger-ui-dist")


def ready(vendor: Path = VENDOR) -> bool:
    """Whether every served library file is in place."""
    return all((vendor / name).is_file() for name in FILES)


def copy(node_modules: Path, vendor: Path = VENDOR) -> list[Path]:
    """Copy the served files (and each package's licence) from an `npm ci` tree; the paths written."""
    missing = [rel for rel in FILES.values() if not (node_modules / rel).is_file()]
    if missing:
        raise FileNotFoundError(f"{node_modules}: missing {', '.join(missing)}; run `npm ci` in the repository first")
    vendor.mkdir(parents=True, exist_ok=True)
    written = []
    for name, rel in FILES.items():
        written.append(Path(shutil.copyfile(node_modules / rel, vendor / name)))
    for package in LICENSES:
        licence = next((p for p in (node_modules / package).glob("LICEN[CS]E*")), None)
        if licence is not None:
            written.append(Path(shutil.copyfile(licence, vendor / f"LICENSE.{package}")))
    return written


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        sys.stderr.write("usage: python -m armswatch.serve.vendor NODE_MODULES\n")
        return 2
    try:
        written = copy(Path(args[0]))
    except FileNotFoundError as exc:
        sys.stderr.write(f"{exc}\n")
        return 1
    sys.stderr.write(f"copied {len(written)} front-end files into {VENDOR}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
