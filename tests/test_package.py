"""The installable package: a wheel built from the repository, installed in a fresh virtual
environment, migrates and loads the seeds from outside the repository (migrations ship inside)."""

from __future__ import annotations

import os
import site
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_a_wheel_installed_elsewhere_loads_the_seeds(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "-w", str(wheels), str(ROOT)], check=True, capture_output=True)
    wheel = next(wheels.glob("ruralmetrics-*.whl"))
    home = tmp_path / "venv"
    venv.create(home, with_pip=False)
    python = home / "bin" / "python"
    purelib = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                  check=True, capture_output=True, text=True).stdout.strip())
    # the wheel itself, unpacked; its dependencies from this environment (a path, not its .pth hooks,
    # so this checkout's editable install stays out of sight)
    subprocess.run([sys.executable, "-m", "zipfile", "-e", str(wheel), str(purelib)], check=True)
    (purelib / "deps.pth").write_text("\n".join(site.getsitepackages()) + "\n", encoding="utf-8")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}

    def run(*args: str) -> str:
        done = subprocess.run([str(python), "-m", "ruralmetrics", "--database-url", "sqlite:///w.db", *args],
                              cwd=outside, env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return done.stdout

    where = subprocess.run([str(python), "-c", "import ruralmetrics, ruralmetrics.db.engine as e; "
                            "print(ruralmetrics.__file__); print(e.MIGRATIONS)"],
                           cwd=outside, env=env, capture_output=True, text=True, check=True).stdout.split()
    assert all(str(purelib) in line for line in where)  # the package and its migrations, not the checkout's
    assert "at revision" in run("db", "upgrade")
    assert "loaded 5" in run("load", str(ROOT / "seeds"))
    assert any(line.split() == ["documents", "5"] for line in run("stats").splitlines())
