"""cnsim.simulate, Model and Run against the CLI (issue 16): the same
columns, keyed by the CSV header, equal to 1e-12 relative; repeated runs;
threads; errors."""
import csv
import io
import threading

import numpy as np
import pytest

import cnsim


def cli_csv(cli, *args):
    rc, out, err = cli("simulate", *args, "--format", "csv", "--digits", "17")
    assert rc == 0, err
    rows = list(csv.reader(io.StringIO(out)))
    header, body = rows[0], np.array([[float(v) for v in r] for r in rows[1:]])
    return header, body


def assert_same(py, header, body):
    assert list(py) == header
    for k, name in enumerate(header):
        a, b = np.asarray(py[name], dtype=float), body[:, k]
        assert a.shape == b.shape, name
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-300, err_msg=name)


def test_acceptance_clonazepam_equals_the_cli(cli):
    r = cnsim.simulate(drugs=["clonazepam"], regimens=["0.5 mg bid for 28 d"], until="42d")
    header, body = cli_csv(cli, "--drug", "clonazepam", "--regimen", "0.5 mg bid for 28 d", "--until", "42d")
    assert_same(r, header, body)
    assert r["clonazepam_ng_mL"].max() > 0 and r["withdrawal_index"].max() > 0


def test_two_drugs_and_the_grid_equal_the_cli(cli):
    r = cnsim.simulate(drugs=["clonazepam", "sertraline"], regimens=["0.5 mg bid for 7 d", "50 mg qd"],
                       until="10d", every="30min")
    header, body = cli_csv(cli, "--drug", "clonazepam", "--regimen", "0.5 mg bid for 7 d", "--drug", "sertraline",
                           "--regimen", "50 mg qd", "--until", "10d", "--every", "30min")
    assert_same(r, header, body)
    assert "sert_occupancy_frac" in r


def test_an_event_data_set_of_two_subjects_equals_the_cli(cli):
    import os
    data = os.path.join(os.path.dirname(__file__), "..", "..", "scenarios", "events-two-subjects.csv")
    r = cnsim.simulate(drugs=["clonazepam"], events=data, until="3d")
    header, body = cli_csv(cli, "--events", data, "--drug", "clonazepam", "--until", "3d")
    assert_same(r, header, body)
    assert len(set(r["id"].tolist())) == 2


def test_a_run_is_simulated_again_without_rebuilding_the_model():
    m = cnsim.Model("clonazepam")
    run = m.run().set_regimen("clonazepam", "1 mg once").set_grid(until="2d", every="1h")
    a = run.simulate()
    b = run.simulate()
    np.testing.assert_array_equal(a["clonazepam_ng_mL"], b["clonazepam_ng_mL"])
    c = run.set_regimen(0, "2 mg once").simulate()
    np.testing.assert_allclose(c["clonazepam_ng_mL"], 2 * a["clonazepam_ng_mL"], rtol=1e-9, atol=1e-12)
    t = run.set_times([0.5, 1, 6]).simulate()["time_h"]
    np.testing.assert_array_equal(t, [0.5, 1, 6])


def test_threads_give_the_sequential_results():
    m = cnsim.Model("clonazepam")
    doses = ["%g mg once" % d for d in (0.25, 0.5, 1, 2)]

    def one(d):
        return m.run().set_regimen(0, d).set_grid(until="1d").simulate()["clonazepam_ng_mL"]

    seq = [one(d) for d in doses]
    out = [None] * len(doses)

    def work(i):
        out[i] = one(doses[i])

    ts = [threading.Thread(target=work, args=(i,)) for i in range(len(doses))]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    for a, b in zip(seq, out):
        np.testing.assert_array_equal(a, b)


def test_bad_input_raises_with_the_librarys_message():
    with pytest.raises(cnsim.BadInput, match="did you mean clonazepam"):
        cnsim.simulate(drugs=["clonazepamm"], regimens=["0.5 mg"])
    with pytest.raises(cnsim.BadInput, match="unknown dose unit 'mgg'"):
        cnsim.simulate(drugs=["clonazepam"], regimens=["0.5 mgg bid"])
    with pytest.raises(cnsim.BadInput, match="--until"):
        cnsim.simulate(drugs=["clonazepam"], regimens=["0.5 mg bid"], until="soon")
    with pytest.raises(cnsim.BadInput, match="one each"):
        cnsim.simulate(drugs=["clonazepam", "sertraline"], regimens=["0.5 mg bid"])
    assert issubclass(cnsim.BadInput, cnsim.Error) and issubclass(cnsim.BadInput, ValueError)


def test_drug_is_the_registry_record(cli):
    d = cnsim.drug("Klonopin")
    assert d["name"] == "clonazepam"
    rc, out, _ = cli("drug", "show", "clonazepam", "--format", "json")
    assert rc == 0
    import json
    assert json.loads(out)["name"] == d["name"]
    listed = cnsim.drugs()
    assert isinstance(listed, list) and any(x["name"] == "sertraline" for x in listed)
    with pytest.raises(cnsim.BadInput):
        cnsim.drug("nosuchdrug")
