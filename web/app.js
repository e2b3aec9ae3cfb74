/* cnsim web app: the pages of `cnsim serve`, over its JSON API (POST
 * /api/COMMAND with the command's long options, the same JSON as
 * `--format json`). Plain DOM, no library, nothing fetched from elsewhere.
 * A research and teaching simulator, not medical advice. */
"use strict";

const $ = (sel, root) => (root || document).querySelector(sel);

/* el("td", {class: "num"}, "1.5") */
function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "text") e.textContent = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? "" : v);
  }
  for (const k of kids.flat()) if (k !== null && k !== undefined) e.append(k instanceof Node ? k : String(k));
  return e;
}

/* box's children become kids (lists flattened). */
function put(box, ...kids) {
  box.replaceChildren(...kids.flat(2).filter(k => k !== null && k !== undefined));
}

function fmt(x, digits) {
  if (x === null || x === undefined) return "–";
  if (typeof x !== "number") return String(x);
  if (Number.isInteger(x)) return String(x);
  return Number(x.toPrecision(digits || 4)).toString();
}

async function api(command, body, part) {
  const r = await fetch("/api/" + command + (part ? "/" + part : ""), {
    method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(body)});
  if (!r.ok) {
    let msg = r.status + " " + r.statusText;
    try { msg = (await r.json()).error || msg; } catch (e) { /* not JSON */ }
    throw new Error(msg);
  }
  if (part === "plot") return r.text();
  if (part === "ics" || part === "html") return r.blob();
  return r.json();
}

/* A server-made SVG figure into box, parsed as SVG (never as HTML). */
async function figure(box, command, body, label) {
  box.replaceChildren(el("p", {class: "busy", text: "Drawing the figure…"}));
  try {
    const text = await api(command, body, "plot");
    const doc = new DOMParser().parseFromString(text, "image/svg+xml");
    const svg = document.importNode(doc.documentElement, true);
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", label);
    box.replaceChildren(svg);
  } catch (e) {
    box.replaceChildren(el("p", {class: "error", role: "alert", text: e.message}));
  }
}

function table(id, caption, heads, rows) {
  return el("div", {class: "table-wrap"},
    el("table", {id},
      el("caption", {text: caption}),
      el("thead", {}, el("tr", {}, heads.map(h => el("th", {scope: "col", text: h})))),
      el("tbody", {}, rows.map(r => el("tr", {}, r.map(c =>
        typeof c === "number" ? el("td", {class: "num", text: fmt(c)}) : el("td", {text: c === null ? "–" : c})))))));
}

function warnings(list) {
  if (!list || !list.length) return el("p", {text: "No warnings."});
  return el("section", {"aria-label": "Warnings"}, el("h3", {text: "Warnings"}),
    list.map(w => el("div", {class: "finding " + (w.severity || "")},
      el("strong", {text: (w.severity || "note") + (w.code ? " · " + w.code : "")}), " ",
      w.message || w.text || "", " ", el("span", {class: "source", text: "source: " + (w.source || "–")}))));
}

function field(label, input) {
  return el("label", {}, label, input);
}

function errorBox(box, e) {
  box.replaceChildren(el("p", {class: "error", role: "alert", text: e.message}));
}

let drugNames = null;
async function drugList() {
  if (!drugNames) {
    const r = await fetch("/api/drugs");
    const j = await r.json();
    drugNames = (j.drugs || []).map(d => d.name);
  }
  return drugNames;
}

function datalist(id) {
  const dl = el("datalist", {id});
  drugList().then(names => dl.replaceChildren(...names.map(n => el("option", {value: n})))).catch(() => {});
  return dl;
}

function debounce(fn, ms) {
  let t = null;
  return (...a) => { clearTimeout(t); t = setTimeout(() => fn(...a), ms); };
}

/* ---- pages ---------------------------------------------------------- */

function pageHome(main) {
  main.append(el("h1", {text: "cnsim"}),
    el("p", {text: "Clonazepam and SSRI therapy simulated from the GABA-A receptor to the patient. Each page runs " +
      "the same library calls as the cnsim command line."}),
    el("ul", {},
      el("li", {}, el("a", {href: "/simulate", text: "Simulate"}), ": regimens of several drugs, a patient profile, concentrations and effects."),
      el("li", {}, el("a", {href: "/taper", text: "Taper"}), ": a taper by a published method, the schedule, the pharmacy, a calendar and a diary."),
      el("li", {}, el("a", {href: "/interactions", text: "Interactions"}), ": findings with severity, mechanism, advice and source; respiratory drive."),
      el("li", {}, el("a", {href: "/bridge", text: "Bridge"}), ": an SSRI start with benzodiazepine cover, and its taper."),
      el("li", {}, el("a", {href: "/drug", text: "Drug"}), ": the registry record with its sources; compare two drugs.")));
}

function pageTaper(main) {
  const form = el("form", {id: "taper-form", "aria-label": "Taper plan"},
    field("Drug", el("input", {name: "drug", value: "clonazepam", list: "drug-names", required: true})),
    field("Current dose (from)", el("input", {name: "from", value: "1 mg bid", required: true})),
    field("Method", el("select", {name: "method"},
      ["proportional", "hyperbolic", "linear", "label", "diazepam-crossover"].map(m => el("option", {value: m, text: m})))),
    field("Formulation (optional)", el("input", {name: "formulation", placeholder: "tablet, liquid…"})),
    field("Start date (optional)", el("input", {name: "start-date", type: "date"})),
    el("button", {type: "submit", text: "Plan the taper"}));
  const out = el("section", {id: "taper-result", "aria-live": "polite"});
  main.append(el("h1", {text: "Taper"}), datalist("drug-names"), form, out);
  const body = () => {
    const f = new FormData(form), b = {};
    for (const [k, v] of f.entries()) if (v) b[k] = v;
    return b;
  };
  form.addEventListener("submit", async ev => {
    ev.preventDefault();
    const b = body();
    put(out, el("p", {class: "busy", text: "Planning…"}));
    let p;
    try { p = await api("taper", b); } catch (e) { return errorBox(out, e); }
    const times = [];
    for (const row of p.schedule) for (const d of row.doses || []) if (!times.includes(d.time)) times.push(d.time);
    const rows = p.schedule.map(row => [row.day, row.daily_dose_mg,
      ...times.map(t => { const d = (row.doses || []).find(x => x.time === t);
                          return d ? d.measure + " of " + d.product + " (" + fmt(d.amount_mg) + " mg)" : "–"; }),
      row.days]);
    const disp = [];
    for (const row of p.schedule) for (const d of row.dispense || [])
      disp.push([row.day, d.product, d.quantity, d.unit, d.supply_days === undefined ? null : d.supply_days,
                 d.beyond_use_days === undefined ? null : d.beyond_use_days]);
    const fig = el("div", {class: "figure", id: "taper-figure"});
    const ics = el("button", {type: "button", class: "secondary", text: "Download the calendar (.ics)"});
    const plan = el("button", {type: "button", class: "secondary", text: "Printable plan with calendar and diary (.html)"});
    const print = el("button", {type: "button", class: "secondary", text: "Print this page", onclick: () => window.print()});
    const save = async (part, name, btn) => {
      btn.disabled = true;
      try {
        const blob = await api("taper", b, part);
        const a = el("a", {href: URL.createObjectURL(blob), download: name});
        document.body.append(a); a.click(); a.remove();
      } catch (e) { out.append(el("p", {class: "error", role: "alert", text: e.message})); }
      btn.disabled = false;
    };
    ics.addEventListener("click", () => save("ics", "taper.ics", ics));
    plan.addEventListener("click", () => save("html", "taper-plan.html", plan));
    put(out,
      el("h2", {text: p.drug + " from " + fmt(p.from_dose_mg) + " mg × " + p.administrations_per_day +
        " a day, " + p.method}),
      el("p", {id: "taper-summary", text: "Duration " + fmt(p.duration_days) + " days; peak withdrawal index " +
        fmt(p.peak_withdrawal_index, 3) + " (abrupt stop " + fmt(p.abrupt_peak_withdrawal_index, 3) + ")."}),
      el("p", {class: "source", text: p.method_source || ""}),
      table("schedule", "Schedule: what to take at each clock time",
            ["Start day", "Daily dose (mg)", ...times, "Days"], rows),
      table("dispense", "Pharmacy: what to dispense", ["Day", "Product", "Quantity", "Unit", "Supply days", "Beyond use (days)"], disp),
      warnings(p.warnings), el("p", {}, ics, " ", plan, " ", print), fig);
    figure(fig, "taper", b, "Doses, effect and withdrawal index over the taper");
  });
}

function drugRow(name, value, placeholder) {
  return el("div", {class: "row"}, field(name, el("input", {name: "regimen-drug", value: value[0] || "", list: "drug-names",
                                                           placeholder: "drug"})),
            field("Regimen", el("input", {name: "regimen-text", value: value[1] || "", placeholder})));
}

function pageSimulate(main) {
  const rows = el("div", {class: "row"}, drugRow("Drug 1", ["clonazepam", "0.5 mg bid for 28 d"], "0.5 mg bid for 28 d"),
                  drugRow("Drug 2", ["sertraline", "50 mg qd for 42 d"], "50 mg qd"));
  let n = 2;
  const add = el("button", {type: "button", class: "secondary", text: "Add a drug"});
  const form = el("form", {id: "simulate-form", "aria-label": "Regimens"}, rows,
    field("Patient profile (optional)", el("input", {name: "patient", placeholder: "age=70,weight=60,hepatic=mild"})),
    field("Until", el("input", {name: "until", value: "56d"})),
    add, el("button", {type: "submit", text: "Simulate"}));
  add.addEventListener("click", () => { n += 1; rows.append(drugRow("Drug " + n, [], "1 mg qd")); });
  const out = el("section", {id: "simulate-result", "aria-live": "polite"});
  const fig = el("div", {class: "figure", id: "simulate-figure"});
  main.append(el("h1", {text: "Simulate"}), datalist("drug-names"), form, fig, out);
  const run = async () => {
    const b = {drug: [], regimen: []};
    const names = form.querySelectorAll("[name=regimen-drug]"), regs = form.querySelectorAll("[name=regimen-text]");
    names.forEach((d, i) => { if (d.value.trim()) { b.drug.push(d.value.trim()); b.regimen.push(regs[i].value.trim() || null); } });
    const p = form.elements.patient.value.trim(), u = form.elements.until.value.trim();
    if (p) b.patient = p;
    if (u) b.until = u;
    if (!b.drug.length) return;
    put(out, el("p", {class: "busy", text: "Simulating…"}));
    figure(fig, "simulate", b, "Concentrations and effects over time");
    let r;
    try { r = await api("simulate", b); } catch (e) { return errorBox(out, e); }
    put(out,
      table("summary", "Pharmacokinetics (steady state where reached)",
            ["Species", "Cmax (ng/mL)", "Tmax (h)", "Cmin (ng/mL)", "Half-life (h)", "Accumulation"],
            (r.summary || []).map(s => [s.name, s.cmax_ng_mL, s.tmax_h, s.cmin_ng_mL, s.half_life_h, s.accumulation_ratio])),
      warnings(r.warnings));
  };
  form.addEventListener("submit", ev => { ev.preventDefault(); run(); });
  form.addEventListener("input", debounce(run, 800));
  run();
}

function pageInteractions(main) {
  const list = el("div", {class: "row"},
    field("Drug and dose", el("input", {name: "drug", value: "clonazepam:1mg", list: "drug-names"})),
    field("Drug and dose", el("input", {name: "drug", value: "oxycodone:20mg", list: "drug-names"})));
  const add = el("button", {type: "button", class: "secondary", text: "Add a drug"});
  add.addEventListener("click", () => list.append(field("Drug and dose", el("input", {name: "drug", list: "drug-names"}))));
  const form = el("form", {id: "interact-form", "aria-label": "Drugs"}, list, add,
                  el("button", {type: "submit", text: "Check"}));
  const out = el("section", {id: "interact-result", "aria-live": "polite"});
  main.append(el("h1", {text: "Interactions"}), datalist("drug-names"), form, out);
  form.addEventListener("submit", async ev => {
    ev.preventDefault();
    const drugs = [...form.querySelectorAll("[name=drug]")].map(i => i.value.trim()).filter(Boolean);
    put(out, el("p", {class: "busy", text: "Checking…"}));
    let r;
    try { r = await api("interact", {drugs}); } catch (e) { return errorBox(out, e); }
    const resp = Object.entries(r).filter(([k, v]) => typeof v === "number");
    const fig = el("div", {class: "figure", id: "interact-figure"});
    put(out,
      el("h2", {text: (r.findings || []).length + ((r.findings || []).length === 1 ? " finding" : " findings")}),
      (r.findings || []).map(f => el("div", {class: "finding " + f.severity},
        el("strong", {text: f.severity + ": " + (f.drugs || []).join(" + ")}),
        el("p", {text: f.mechanism}), el("p", {text: "Advice: " + f.advice}),
        el("p", {class: "source", text: "Source: " + (f.citation || f.source)}))),
      table("respiratory", "Respiratory drive and ventilation (fraction of baseline; minima over the day)",
            ["Measure", "Value"], resp.map(([k, v]) => [k.replace(/_/g, " "), v])),
      el("p", {class: "source", text: r.ventilation_model || r.respiratory_model || ""}), fig);
    if (r.ventilation_curves)
      figure(fig, "interact", {drugs}, "Minute ventilation and respiratory drive over 24 hours, combined and alone");
    else
      put(fig, el("p", {text: "No ventilation curves: they need two respiratory depressants (an opioid, a benzodiazepine, ethanol)."}));
  });
  form.requestSubmit();
}

function pageBridge(main) {
  const form = el("form", {id: "bridge-form", "aria-label": "Bridge"},
    field("SSRI and dose", el("input", {name: "ssri", value: "sertraline:50mg"})),
    field("Cover (drug:dose-frequency)", el("input", {name: "with", value: "clonazepam:0.5mg-bid"})),
    field("Weeks of cover", el("input", {name: "weeks", value: "4", inputmode: "numeric"})),
    el("button", {type: "submit", text: "Compare"}));
  const out = el("section", {id: "bridge-result", "aria-live": "polite"});
  main.append(el("h1", {text: "Bridge"}), form, out);
  form.addEventListener("submit", async ev => {
    ev.preventDefault();
    const b = {ssri: form.elements.ssri.value, with: form.elements.with.value, weeks: Number(form.elements.weeks.value)};
    put(out, el("p", {class: "busy", text: "Simulating…"}));
    let r;
    try { r = await api("bridge", b); } catch (e) { return errorBox(out, e); }
    put(out,
      el("p", {id: "bridge-summary", text: "Weeks to response: " + fmt(r.weeks_to_response_with) + " with cover, " +
        fmt(r.weeks_to_response_without) + " without; peak withdrawal index of the cover's taper " +
        fmt(r.taper_peak_withdrawal_index, 3) + " in week " + fmt(r.taper_peak_week) + "."}),
      table("scores", "HAM-D and HAM-A by week", ["Week", "HAM-D with", "HAM-D without", "HAM-A with", "HAM-A without"],
            (r.scores || []).map(s => [s.week, s.hamd_with, s.hamd_without, s.hama_with, s.hama_without])),
      table("bridge-schedule", "The cover and its taper", ["Week", "Dose (mg)", "Per day"],
            (r.bridge_schedule || []).map(s => [s.week, s.dose_mg, s.per_day])),
      warnings(r.warnings));
  });
  form.requestSubmit();
}

function pageDrug(main) {
  const form = el("form", {id: "drug-form", "aria-label": "Drug"},
    field("Drug (generic or brand name)", el("input", {name: "drug", value: "clonazepam", list: "drug-names"})),
    field("Compare with (optional)", el("input", {name: "other", list: "drug-names"})),
    el("button", {type: "submit", text: "Show"}));
  const out = el("section", {id: "drug-result", "aria-live": "polite"});
  main.append(el("h1", {text: "Drug"}), datalist("drug-names"), form, out);
  form.addEventListener("submit", async ev => {
    ev.preventDefault();
    const drugs = [form.elements.drug.value.trim(), form.elements.other.value.trim()].filter(Boolean);
    put(out, el("p", {class: "busy", text: "Reading the registry…"}));
    let r;
    try { r = await api("drug", {drugs}); } catch (e) { return errorBox(out, e); }
    if (drugs.length === 2) {
      const scal = Object.entries(r).filter(([k, v]) => v === null || typeof v !== "object");
      put(out, el("h2", {text: drugs.join(" and ")}),
        table("compare", "Comparison", ["Field", "Value"], scal.map(([k, v]) => [k, v])),
        el("pre", {text: JSON.stringify(r, null, 2)}));
      return;
    }
    const pk = Object.entries(r.pk || {}).filter(([k]) => !k.endsWith("_source") && k !== "note");
    put(out,
      el("h2", {text: r.display_name + " (" + (r.classes || []).join(", ") + ")"}),
      el("p", {text: r.mechanism || ""}),
      table("pk", "Pharmacokinetics, each value with its source", ["Parameter", "Value", "Source"],
            pk.map(([k, v]) => [k, v, (r.pk || {})[k.replace(/_(L|per|ng|mg|h|min|max).*$/, "") + "_source"] ||
                                      (r.pk || {})[k + "_source"] || ""])),
      table("limits", "Dose limits", ["Indication", "Population", "Max mg/day", "Source"],
            (r.dose_limits || []).map(d => [d.indication, d.population, d.max_mg_per_day, d.source])),
      warnings((r.warnings || []).map(w => ({severity: w.kind, message: w.title + ": " + w.text, source: w.source}))),
      el("h3", {text: "Sources"}),
      el("ol", {}, (r.sources || []).map(s => el("li", {id: "src-" + s.id, text: s.citation}))));
  });
  form.requestSubmit();
}

const routes = {"/": pageHome, "/simulate": pageSimulate, "/taper": pageTaper, "/interactions": pageInteractions,
                "/bridge": pageBridge, "/drug": pageDrug};

document.addEventListener("DOMContentLoaded", () => {
  const path = location.pathname.replace(/\/+$/, "") || "/";
  const page = routes[path] || pageHome;
  for (const a of document.querySelectorAll("nav a"))
    if (a.getAttribute("href") === path) a.setAttribute("aria-current", "page");
  const main = $("#main");
  main.replaceChildren();
  document.title = "cnsim · " + (path === "/" ? "home" : path.slice(1));
  page(main);
});
