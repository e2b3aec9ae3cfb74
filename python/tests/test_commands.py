"""Every command as a function (issue 16): cnsim.taper, interact, bridge,
population, trial, channel, network, tdm, withdrawal, neuron, validate
and simulate(patient=...) against the CLI run with the same options and
--digits 17: the same JSON (or CSV columns) to 1e-12 relative; bad input
raises BadInput with the CLI's message; calls in threads."""
import csv
import io
import json
import math
import os
import re
import threading

import numpy as np
import pytest

import cnsim

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
P1 = os.path.join(ROOT, "scenarios", "bench-p1.json")
# Wall-clock measurements differ between any two runs.
TIMINGS = {"wall_s", "build_s", "neuron_steps_per_s", "elapsed_s", "wall_ms", "run_s", "cpu_s", "subjects_per_s"}


def same(a, b, path="$"):
    """a equals b: numbers to 1e-12 relative, everything else exactly."""
    if isinstance(a, dict):
        assert isinstance(b, dict) and list(a) == list(b), "%s: keys %s vs %s" % (path, list(a), list(b))
        for k in a:
            if k not in TIMINGS:
                same(a[k], b[k], "%s.%s" % (path, k))
    elif isinstance(a, list):
        assert isinstance(b, list) and len(a) == len(b), "%s: lengths differ" % path
        for i, (x, y) in enumerate(zip(a, b)):
            same(x, y, "%s[%d]" % (path, i))
    elif isinstance(a, bool) or a is None or isinstance(a, str):
        assert a == b, "%s: %r vs %r" % (path, a, b)
    else:
        assert isinstance(b, (int, float)) and not isinstance(b, bool), "%s: %r vs %r" % (path, a, b)
        assert math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-300), "%s: %r vs %r" % (path, a, b)


def cli_json(cli, *args):
    rc, out, err = cli(*args, "--format", "json", "--digits", "17")
    assert rc == 0, err
    return json.loads(out)


def test_taper_equals_the_cli(cli):
    py = cnsim.taper("clonazepam", "1 mg bid", method="proportional")
    same(py, cli_json(cli, "taper", "--drug", "clonazepam", "--from", "1 mg bid", "--method", "proportional"))
    assert py["schedule"][0]["doses"][0]["time"] == "08:00"
    # full precision: a dose is the double the library computed, not 6 digits of it
    assert any(len(repr(r["effect"])) > 10 for r in py["schedule"])


def test_taper_csv_columns_equal_the_cli(cli):
    py = cnsim.taper("sertraline", "100 mg qd", method="hyperbolic", format="csv")
    rc, out, err = cli("taper", "--drug", "sertraline", "--from", "100 mg qd", "--method", "hyperbolic",
                       "--format", "csv", "--digits", "17")
    assert rc == 0, err
    ref = cnsim.columns(out)
    assert list(py) == list(ref) and "sert_occupancy_frac_mean" in py
    for k in ref:
        if py[k].dtype == object:
            assert list(py[k]) == list(ref[k])
        else:
            np.testing.assert_allclose(py[k], ref[k], rtol=1e-12, err_msg=k)


def test_interact_equals_the_cli(cli):
    py = cnsim.interact("clonazepam:1mg", "oxycodone:20mg")
    same(py, cli_json(cli, "interact", "clonazepam:1mg", "oxycodone:20mg"))
    assert any(f["severity"] for f in py["findings"])


def test_bridge_equals_the_cli(cli):
    py = cnsim.bridge(ssri="sertraline:50mg", with_="clonazepam:0.5mg-bid", weeks=4)
    same(py, cli_json(cli, "bridge", "--ssri", "sertraline:50mg", "--with", "clonazepam:0.5mg-bid", "--weeks", "4"))


def test_population_equals_the_cli(cli):
    py = cnsim.population(P1, n=40, seed=7, threads=1)
    same(py, cli_json(cli, "population", P1, "--n", "40", "--seed", "7", "--threads", "1"))


def test_population_bands_as_arrays_equal_the_cli(cli):
    py = cnsim.population(P1, n=40, seed=7, threads=1, format="csv")
    rc, out, err = cli("population", P1, "--n", "40", "--seed", "7", "--threads", "1", "--format", "csv",
                       "--digits", "17")
    assert rc == 0, err
    ref = cnsim.columns(out)
    assert list(py) == list(ref)
    for k in ref:
        if ref[k].dtype != object:
            np.testing.assert_allclose(py[k], ref[k], rtol=1e-12, err_msg=k)


def test_trial_equals_the_cli(cli):
    scen = os.path.join(ROOT, "scenarios", "trial-panic.json")
    py = cnsim.trial(scen, replicates=4, seed=5, threads=1)
    same(py, cli_json(cli, "trial", scen, "--replicates", "4", "--seed", "5", "--threads", "1"))


def test_channel_equals_the_cli(cli):
    py = cnsim.channel(gaba="1uM", bzd_occupancy=0.8, duration="1min", seed=1)
    same(py, cli_json(cli, "channel", "--gaba", "1uM", "--bzd-occupancy", "0.8", "--duration", "1min", "--seed", "1"))
    assert py["opening_frequency_hz"] > 0


def test_network_spikes_as_arrays_equal_the_cli(cli, tmp_path):
    opts = ["--n-exc", "400", "--n-inh", "100", "--duration", "200ms", "--seed", "3", "--threads", "1"]
    py = cnsim.network(n_exc=400, n_inh=100, duration="200ms", seed=3, threads=1)
    spikes = tmp_path / "spikes.csv"
    ref = cli_json(cli, "network", *opts, "--spikes", str(spikes))
    got = dict(py)
    sp = got.pop("spikes")
    same(got, ref)
    ref_sp = cnsim.columns(spikes.read_text())
    assert sp["neuron"].dtype == np.int64 and sp["neuron"].size == ref["total_spikes"] > 0
    np.testing.assert_array_equal(sp["neuron"], ref_sp["neuron"])
    np.testing.assert_allclose(sp["t_ms"], ref_sp["t_ms"], rtol=1e-12)


def test_tdm_equals_the_cli(cli):
    py = cnsim.tdm(drug="clonazepam", regimen="0.5 mg bid for 14 d", level=["320 h 24.1"],
                   target="trough 20-70 ng/mL")
    same(py, cli_json(cli, "tdm", "--drug", "clonazepam", "--regimen", "0.5 mg bid for 14 d", "--level", "320 h 24.1",
                      "--target", "trough 20-70 ng/mL"))
    assert 0 <= py["probability_in_target"] <= 1 and "CL" in str(py["map_parameters"])


def test_withdrawal_neuron_and_validate_equal_the_cli(cli):
    same(cnsim.withdrawal(drug="clonazepam", schedule=["0.5 mg bid for 28 d"]),
         cli_json(cli, "withdrawal", "--drug", "clonazepam", "--schedule", "0.5 mg bid for 28 d"))
    same(cnsim.neuron(model="traub-miles", inject="0.5nA", duration="200ms"),
         cli_json(cli, "neuron", "--model", "traub-miles", "--inject", "0.5nA", "--duration", "200ms"))
    same(cnsim.validate(only="paroxetine"), cli_json(cli, "validate", "--only", "paroxetine"))


def test_simulate_with_a_patient_equals_the_cli(cli):
    with pytest.warns(cnsim.Message, match="patient_beers"):
        r = cnsim.simulate(drugs=["clonazepam"], regimens=["0.5 mg bid for 14 d"], until="20d",
                           patient="age=80,weight=60")
    rc, out, err = cli("simulate", "--drug", "clonazepam", "--regimen", "0.5 mg bid for 14 d", "--until", "20d",
                       "--patient", "age=80,weight=60", "--format", "csv", "--digits", "17")
    assert rc == 0, err
    ref = cnsim.columns(out)
    assert list(r) == list(ref)
    for k in ref:
        np.testing.assert_allclose(r[k], ref[k], rtol=1e-12, err_msg=k)
    # the profile changes the result
    plain = cnsim.simulate(drugs=["clonazepam"], regimens=["0.5 mg bid for 14 d"], until="20d")
    assert not np.allclose(plain["clonazepam_ng_mL"], r["clonazepam_ng_mL"])


def test_two_drugs_pair_with_their_regimens():
    a = cnsim.simulate(drugs=["clonazepam", "sertraline"], regimens=["0.5 mg bid for 7 d", "50 mg qd"],
                       until="10d", interactions="off")
    b = cnsim.simulate(drugs=["clonazepam", "sertraline"], regimens=["0.5 mg bid for 7 d", "50 mg qd"],
                       until="10d", interactions="on")
    # clonazepam stops on day 7, sertraline goes on: each regimen went to its drug
    c, s = a["clonazepam_ng_mL"], a["sertraline_ng_mL"]
    assert c[-1] < 0.5 * c.max() and s[-1] > 0.7 * s.max()
    assert list(a) == list(b)


def test_bad_input_raises_the_cli_message(cli):
    with pytest.raises(cnsim.BadInput) as e:
        cnsim.taper("clonazepam", "1 mg bid", method="frob")
    rc, out, err = cli("taper", "--drug", "clonazepam", "--from", "1 mg bid", "--method", "frob")
    assert rc == 2 and str(e.value) in err
    with pytest.raises(cnsim.BadInput, match="did you mean --from"):
        cnsim.command("taper", drug="clonazepam", frm="1 mg bid")
    with pytest.raises(cnsim.BadInput, match="unknown command"):
        cnsim.command("tapir")
    with pytest.raises(cnsim.BadInput, match="not an option value"):
        cnsim.taper("clonazepam", {"dose": 1})


def test_outputs_named_by_a_path_are_written(tmp_path):
    fig = tmp_path / "taper.svg"
    cnsim.taper("clonazepam", "1 mg bid", plot=fig)
    assert fig.read_text().lstrip().startswith("<?xml") or "<svg" in fig.read_text()[:400]


def test_commands_run_in_threads_without_mixing_their_outputs():
    want = {d: cnsim.taper(d, dose) for d, dose in (("clonazepam", "1 mg bid"), ("sertraline", "100 mg qd"))}
    got, errors = {}, []

    def work(d, dose):
        try:
            for _ in range(3):
                got.setdefault(d, []).append(cnsim.taper(d, dose))
        except Exception as e:          # pragma: no cover - reported below
            errors.append(e)

    ts = [threading.Thread(target=work, args=a) for a in (("clonazepam", "1 mg bid"), ("sertraline", "100 mg qd"))]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert not errors
    for d, results in got.items():
        for r in results:
            same(r, want[d])


def test_figures_drawn_in_threads_are_whole(tmp_path):
    # PLplot has one global state; the library draws one figure at a time
    errors = []

    def work(k):
        try:
            for i in range(3):
                cnsim.taper("clonazepam", "1 mg bid", plot=tmp_path / ("t%d_%d.svg" % (k, i)))
        except Exception as e:          # pragma: no cover - reported below
            errors.append(e)

    ts = [threading.Thread(target=work, args=(k,)) for k in range(3)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert not errors
    texts = [p.read_text() for p in sorted(tmp_path.glob("*.svg"))]
    assert len(texts) == 9 and all(t.rstrip().endswith("</svg>") for t in texts)
    # identical but for cairo's count of surfaces made in the process
    assert len({re.sub(r"surface[0-9]+", "surface", t) for t in texts}) == 1


def test_html_report_through_the_library(cli):
    html = cnsim.command("interact", "clonazepam:1mg", "oxycodone:20mg", format="html")
    assert html.startswith("<!DOCTYPE html>") and "Warnings and findings" in html and "<script" not in html
    rc, out, err = cli("interact", "clonazepam:1mg", "oxycodone:20mg", "--format", "html")
    assert rc == 0
    strip = lambda t: [l for l in t.splitlines() if "written (UTC)" not in l and "<p><code>cnsim" not in l]
    assert strip(html) == strip(out)
