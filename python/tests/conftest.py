"""Shared fixtures: the cnsim binary beside the library the package loaded
(the same build), run as the CLI a user would run."""
import os
import subprocess

import pytest

import cnsim


@pytest.fixture(scope="session")
def cli():
    exe = os.environ.get("CNSIM_CLI") or os.path.join(os.path.dirname(cnsim.library_path), "cnsim")
    if not os.path.exists(exe):
        pytest.skip("no cnsim binary beside %s" % cnsim.library_path)

    def run(*args):
        p = subprocess.run([exe, *args], capture_output=True, text=True)
        return p.returncode, p.stdout, p.stderr

    return run
