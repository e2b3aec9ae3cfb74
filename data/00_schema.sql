-- cnsim drug registry: schema.
--
-- The files in data/ are executed in name order, both into build/cnsim.db
-- (by tools/mkdb.c) and, when no database file is found at run time, into an
-- in-memory database from the copy compiled into the library. They must
-- therefore be plain SQL without BEGIN/COMMIT.
--
-- Rule: every value carries a source. Each table has a `source` column (or
-- one per group of values) holding an id from `sources`; a test
-- (tests/registry/test_registry.c) checks that none is missing or dangling.
-- Units are in the column names: mg, h, L, L/h, 1/h, ng/mL.

CREATE TABLE sources (
    id               TEXT PRIMARY KEY,      -- short key cited by the other tables
    authors          TEXT NOT NULL,         -- or the label holder / agency
    year             INTEGER,
    title            TEXT,
    journal_or_label TEXT NOT NULL,         -- journal citation or "US prescribing information"
    pmid             TEXT,
    doi              TEXT,
    url              TEXT,
    note             TEXT                   -- what was used from it
);

-- One row per substance: a dosable drug (kind 'parent') or a modelled
-- active metabolite (kind 'metabolite', parent_drug set).
CREATE TABLE drugs (
    name             TEXT PRIMARY KEY CHECK (name = lower(name)),
    display_name     TEXT NOT NULL,
    kind             TEXT NOT NULL CHECK (kind IN ('parent', 'metabolite')),
    parent_drug      TEXT REFERENCES drugs(name),
    mw_g_per_mol     REAL NOT NULL CHECK (mw_g_per_mol > 0),
    mw_source        TEXT NOT NULL,
    mechanism        TEXT NOT NULL,         -- one or two sentences
    mechanism_source TEXT NOT NULL
);

-- Other names: brand names, international names, abbreviations.
CREATE TABLE synonyms (
    name             TEXT NOT NULL COLLATE NOCASE,
    drug             TEXT NOT NULL REFERENCES drugs(name),
    kind             TEXT NOT NULL CHECK (kind IN ('brand', 'generic', 'abbrev')),
    source           TEXT NOT NULL,
    PRIMARY KEY (name, drug)
);

CREATE TABLE atc_codes (
    drug             TEXT NOT NULL REFERENCES drugs(name),
    code             TEXT NOT NULL,
    source           TEXT NOT NULL,
    PRIMARY KEY (drug, code)
);

-- Class hierarchy: a directed acyclic graph. A drug is linked to its most
-- specific class(es); is-a questions walk class_parents upward.
CREATE TABLE classes (
    name             TEXT PRIMARY KEY COLLATE NOCASE,
    description      TEXT NOT NULL,
    source           TEXT NOT NULL
);
CREATE TABLE class_aliases (
    alias            TEXT PRIMARY KEY COLLATE NOCASE,
    class            TEXT NOT NULL REFERENCES classes(name),
    source           TEXT NOT NULL
);
CREATE TABLE class_parents (
    class            TEXT NOT NULL REFERENCES classes(name),
    parent           TEXT NOT NULL REFERENCES classes(name),
    source           TEXT NOT NULL,
    PRIMARY KEY (class, parent)
);
CREATE TABLE drug_classes (
    drug             TEXT NOT NULL REFERENCES drugs(name),
    class            TEXT NOT NULL REFERENCES classes(name),
    rank             INTEGER NOT NULL DEFAULT 1,  -- 1 = primary (pharmacological) class
    source           TEXT NOT NULL,
    PRIMARY KEY (drug, class)
);

CREATE TABLE targets (
    drug             TEXT NOT NULL REFERENCES drugs(name),
    target           TEXT NOT NULL,          -- e.g. 'GABA-A receptor (benzodiazepine site)'
    action           TEXT NOT NULL,          -- e.g. 'positive allosteric modulator'
    source           TEXT NOT NULL,
    PRIMARY KEY (drug, target)
);

CREATE TABLE indications (
    drug             TEXT NOT NULL REFERENCES drugs(name),
    indication       TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('approved', 'off-label')),
    population       TEXT NOT NULL DEFAULT 'adult',
    note             TEXT,
    source           TEXT NOT NULL,
    PRIMARY KEY (drug, indication, population)
);

-- Marketed forms. ka/tlag/f_rel are set only where a source gives
-- form-specific absorption; otherwise the pk_params values apply
-- (pk_source is then NULL).
CREATE TABLE formulations (
    drug             TEXT NOT NULL REFERENCES drugs(name),
    form             TEXT NOT NULL,          -- tablet | odt | solution | capsule | iv | ...
    route            TEXT NOT NULL,          -- oral | iv | im
    strengths_mg     TEXT NOT NULL,          -- comma-separated, e.g. '0.5,1,2'
    is_default       INTEGER NOT NULL DEFAULT 0,
    ka_per_h         REAL,
    tlag_h           REAL,
    f_rel            REAL,                   -- relative to the default form
    pk_source        TEXT,
    note             TEXT,
    source           TEXT NOT NULL,
    PRIMARY KEY (drug, form)
);

-- Labelled dose ranges per indication and population (mg per day).
CREATE TABLE dose_limits (
    drug             TEXT NOT NULL REFERENCES drugs(name),
    indication       TEXT NOT NULL,
    population       TEXT NOT NULL DEFAULT 'adult',
    start_mg_per_day REAL,
    usual_min_mg_per_day REAL,
    usual_max_mg_per_day REAL,
    max_mg_per_day   REAL,
    note             TEXT,
    source           TEXT NOT NULL,
    PRIMARY KEY (drug, indication, population)
);

-- Model parameters for a 70 kg adult. v1_L is a true volume and f the
-- bioavailability: the engine absorbs F*dose and computes C = A1/V1.
-- Where only apparent (X/F) values exist, the note says how they were
-- converted. Each group of values has its own source column; a source may
-- be NULL only where its values do not apply (n_cmt = 1: no peripheral;
-- vmax = 0: no Michaelis-Menten term; no metabolite).
CREATE TABLE pk_params (
    drug             TEXT PRIMARY KEY REFERENCES drugs(name),
    n_cmt            INTEGER NOT NULL CHECK (n_cmt BETWEEN 1 AND 3),
    f                REAL NOT NULL CHECK (f > 0 AND f <= 1),
    f_source         TEXT NOT NULL,
    ka_per_h         REAL NOT NULL,
    tlag_h           REAL NOT NULL DEFAULT 0,
    ka_source        TEXT NOT NULL,
    cl_L_per_h       REAL NOT NULL,
    cl_source        TEXT NOT NULL,
    v1_L             REAL NOT NULL CHECK (v1_L > 0),
    v1_source        TEXT NOT NULL,
    q2_L_per_h       REAL NOT NULL DEFAULT 0,
    v2_L             REAL NOT NULL DEFAULT 0,
    q3_L_per_h       REAL NOT NULL DEFAULT 0,
    v3_L             REAL NOT NULL DEFAULT 0,
    periph_source    TEXT,
    vmax_mg_per_h    REAL NOT NULL DEFAULT 0,
    km_ng_mL         REAL NOT NULL DEFAULT 0,
    mm_source        TEXT,
    fu               REAL NOT NULL,
    fu_source        TEXT NOT NULL,
    metabolite       TEXT REFERENCES drugs(name),
    fm               REAL NOT NULL DEFAULT 0,
    fm_source        TEXT,
    half_life_label_min_h REAL,              -- published range the values must reproduce
    half_life_label_max_h REAL,              -- (NULL: no half-life, e.g. zero-order ethanol)
    half_life_source TEXT,
    tmax_label_min_h REAL NOT NULL,
    tmax_label_max_h REAL NOT NULL,
    tmax_source      TEXT NOT NULL,
    note             TEXT NOT NULL           -- derivation of the chosen values
);

-- Disposition of a modelled metabolite (one compartment), formed from its
-- parent with fraction pk_params.fm of the parent's clearance.
CREATE TABLE metabolite_pk (
    drug             TEXT PRIMARY KEY REFERENCES drugs(name),
    parent           TEXT NOT NULL REFERENCES drugs(name),
    cl_L_per_h       REAL NOT NULL CHECK (cl_L_per_h > 0),
    cl_source        TEXT NOT NULL,
    v_L              REAL NOT NULL CHECK (v_L > 0),
    v_source         TEXT NOT NULL,
    half_life_label_min_h REAL,              -- NULL where nothing is published
    half_life_label_max_h REAL,
    half_life_source TEXT,
    note             TEXT NOT NULL
);

-- Further metabolites of a dosed drug (a chain or tree after
-- pk_params.metabolite, which is metabolite 1): metabolite `seq` (2 or 3)
-- is formed from `precursor` (the drug or one of its earlier metabolites)
-- with fraction fm of the precursor's clearance; its disposition is its
-- metabolite_pk row (shared when another drug forms the same species).
CREATE TABLE metabolite_chain (
    drug             TEXT NOT NULL REFERENCES drugs(name),
    seq              INTEGER NOT NULL CHECK (seq BETWEEN 2 AND 3),
    metabolite       TEXT NOT NULL REFERENCES drugs(name),
    precursor        TEXT NOT NULL REFERENCES drugs(name),
    fm               REAL NOT NULL CHECK (fm >= 0 AND fm <= 1),
    fm_source        TEXT NOT NULL,
    note             TEXT NOT NULL,
    PRIMARY KEY (drug, seq),
    UNIQUE (drug, metabolite)
);

CREATE TABLE enzymes (
    drug             TEXT NOT NULL REFERENCES drugs(name),
    enzyme           TEXT NOT NULL,          -- CYP3A4, CYP2D6, UGT, NAT2, ADH ...
    role             TEXT NOT NULL CHECK (role IN ('substrate', 'inhibitor', 'inducer')),
    strength         TEXT NOT NULL,          -- major|minor (substrate); strong|moderate|weak
    note             TEXT,
    source           TEXT NOT NULL,
    PRIMARY KEY (drug, enzyme, role)
);

-- Time to onset of the clinical effect named in `effect`. "Hours versus
-- weeks" is derived from onset_min_h / onset_max_h, never stored as text.
CREATE TABLE onsets (
    drug             TEXT NOT NULL REFERENCES drugs(name),
    effect           TEXT NOT NULL,
    onset_min_h      REAL NOT NULL,
    onset_max_h      REAL NOT NULL,
    text             TEXT NOT NULL,
    source           TEXT NOT NULL,
    PRIMARY KEY (drug, effect)
);

CREATE TABLE warnings (
    drug             TEXT NOT NULL REFERENCES drugs(name),
    kind             TEXT NOT NULL CHECK (kind IN ('boxed', 'contraindication', 'precaution')),
    title            TEXT NOT NULL,
    text             TEXT NOT NULL,          -- paraphrased, not quoted
    source           TEXT NOT NULL,
    PRIMARY KEY (drug, kind, title)
);

CREATE INDEX synonyms_drug ON synonyms(drug);
CREATE INDEX drug_classes_class ON drug_classes(class);
