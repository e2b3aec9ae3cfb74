"""The notebook-style examples in python/examples run (issue 16)."""
import os
import runpy
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def test_tour_runs(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(sys, "argv", ["tour.py", str(tmp_path / "tour.png")])
    runpy.run_path(os.path.join(HERE, "..", "examples", "tour.py"), run_name="__main__")
    out = capsys.readouterr().out
    assert "peak withdrawal index after the clonazepam stop" in out
    assert "registry: clonazepam" in out
