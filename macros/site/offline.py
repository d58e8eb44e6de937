"""The whole site as a ZIP that works from the file system, with search.

`python -m macros offline --out build/impactacademie-offline.zip` builds the site with
mkdocs-offline.yml (Material's `offline` plugin: plain `.html` links, the search index as a script;
no instant navigation, no links to the repository) and zips it deterministically: members sorted,
one timestamp from SOURCE_DATE_EPOCH, fixed permissions. The same build is the preview of a pull
request (`--site-dir` keeps the folder).

Linking it from the main site: the main build adds the ZIP as a file of the site when the
environment variable OFFLINE_ZIP names it (`make build` and CI build the ZIP first). Only then does
the year overview link to it, so a build without the ZIP (`mkdocs serve`, most tests) has no
broken link, and strict mode checks the link whenever it is there.

The hook functions below are called by macros/site/hooks.py.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
CONFIG = "mkdocs-offline.yml"
ENV = "OFFLINE_ZIP"
ZIP_URI = "downloads/impactacademie-offline.zip"  # where the main site serves the ZIP
DEFAULT_OUT = Path("build") / "impactacademie-offline.zip"
TOP_FOLDER = "impactacademie"  # unzipping gives one folder with index.html in it
# Material's offline plugin would load this from a CDN; the offline build serves a vendored copy.
SHIM_VERSION = "1.0.4"
SHIM_FILE = Path(__file__).resolve().parents[1] / "vendor" / "iframe-worker" / "shim.js"
SHIM_URI = "assets/javascripts/vendor/iframe-worker.js"
# Theme features that need a server or point to the repository; mkdocs-offline.yml leaves them out.
ONLINE_FEATURES = (
    "navigation.instant",
    "navigation.instant.progress",
    "navigation.instant.prefetch",
    "content.action.edit",
    "content.action.view",
)


class State:
    offline: bool = False  # this build is the offline site
    zip_uri: str | None = None  # the main site serves the offline ZIP at this source URI


# --- the ZIP --------------------------------------------------------------------------------------


def site_members(site_dir: Path, top: str = TOP_FOLDER) -> list[tuple[str, bytes]]:
    """Every file of a built site as (name in the archive, bytes), sorted by name."""
    files = sorted(p for p in site_dir.rglob("*") if p.is_file())
    return sorted((f"{top}/{p.relative_to(site_dir).as_posix()}", p.read_bytes()) for p in files)


def zip_site(site_dir: Path, epoch: int) -> bytes:
    """The site as a ZIP: the same files always give the same bytes."""
    from macros.downloads.common import write_zip

    return write_zip(site_members(site_dir), epoch)


def build_site(site_dir: Path, root: Path = ROOT) -> None:
    """`mkdocs build --strict` with the offline configuration; raises RuntimeError with the log."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")
    env.pop(ENV, None)  # the offline site never contains itself
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "--config-file",
            str(root / CONFIG),
            "--site-dir",
            str(site_dir),
        ],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if result.returncode != 0:
        raise RuntimeError(f"de offline build is mislukt:\n{result.stdout}{result.stderr}")


def build_zip(out: Path, site_dir: Path | None = None, root: Path = ROOT) -> Path:
    """Build the offline site (into `site_dir`, or a temporary folder) and write its ZIP to `out`."""
    from macros.downloads.common import source_date_epoch

    with tempfile.TemporaryDirectory(prefix="offline-") as tmp:
        folder = site_dir or Path(tmp) / "site"
        build_site(folder, root)
        data = zip_site(folder, source_date_epoch())
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".part")
    partial.write_bytes(data)
    partial.replace(out)
    return out


# --- MkDocs hooks ---------------------------------------------------------------------------------


def is_offline(config: Any) -> bool:
    from material.plugins.offline.plugin import OfflinePlugin

    return any(isinstance(p, OfflinePlugin) and p.config.enabled for p in config["plugins"].values())


def on_config(config: Any) -> Any:
    State.offline = is_offline(config)
    State.zip_uri = None
    if State.offline:
        polyfills = config["extra"].get("polyfills") or []
        # Never a CDN: the plugin adds unpkg.com/iframe-worker/shim unless the config names a copy.
        config["extra"]["polyfills"] = [SHIM_URI if "iframe-worker" in str(url) else url for url in polyfills]
        online = [f for f in config["theme"]["features"] if f in ONLINE_FEATURES]
        if online:
            from mkdocs.exceptions import PluginError

            raise PluginError(f"{CONFIG}: zet deze features uit voor de offline site: {', '.join(online)}")
    return config


def on_files(files: Any, config: Any) -> Any:
    from mkdocs.structure.files import File

    if State.offline:
        files.append(File.generated(config, SHIM_URI, abs_src_path=str(SHIM_FILE)))
        return files
    wanted = os.environ.get(ENV, "").strip()
    if wanted:
        path = Path(wanted)
        if not path.is_absolute():
            path = Path(config["config_file_path"]).resolve().parent / path
        if not path.is_file():
            from mkdocs.exceptions import PluginError

            raise PluginError(f"{ENV}={wanted}: dat bestand bestaat niet. Maak het met `make offline`.")
        files.append(File.generated(config, ZIP_URI, abs_src_path=str(path)))
        State.zip_uri = ZIP_URI
    return files


def on_page_markdown(markdown: str, page: Any) -> str:
    """The offline site has no links to the repository: no edit button, no feedback link."""
    if State.offline:
        page.meta.pop("feedback_url", None)
        page.edit_url = None
    return markdown


def main(out: Path, site_dir: Path | None) -> int:
    try:
        path = build_zip(out, site_dir)
    except RuntimeError as error:
        print(error, file=sys.stderr)
        return 1
    from macros.downloads.model import dutch_size

    print(f"Geschreven: {path} ({dutch_size(path.stat().st_size)})")
    return 0
