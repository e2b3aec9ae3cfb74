"""Records the checkout an installation comes from, so an installed
package finds the checkout's built library (python/cnsim/_lib.py). The
rest of the metadata is in pyproject.toml."""
import os

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = os.path.dirname(os.path.abspath(__file__))


class build_py_with_checkout(build_py):
    def run(self):
        super().run()
        target = os.path.join(self.build_lib, "cnsim", "_checkout.py")
        with open(target, "w") as f:
            f.write("# written at installation (python/setup.py)\nROOT = %r\n" % os.path.dirname(HERE))


setup(cmdclass={"build_py": build_py_with_checkout})
