-- Between-subject variability (BSV, NONMEM OMEGA) of the registry's PK
-- models, used by `cnsim population` for "drug-chain" scenarios when the
-- scenario does not give its own "omega" (src/population/pop_model_chain.c,
-- docs/population.md). Values are variances of ETA on the log scale
-- (P_i = P * exp(ETA), ETA ~ N(0, omega2)); for F the ETA acts on the logit.
-- CV% = sqrt(exp(omega2) - 1). 'reported' where the paper estimated it,
-- 'derived' where it is computed from a reported range (a range over a small
-- group is read as about +-2 SD), 'assumed' where a class-typical value is
-- used; the note says which.

INSERT INTO sources (id, authors, year, title, journal_or_label, pmid, doi, url, note) VALUES
('areberg2006', 'Areberg J, Christophersen JS, Poulsen MN, Larsen F, Molz KH', 2006, 'The pharmacokinetics of escitalopram in patients with hepatic impairment', 'AAPS J 8(1):E14-E19', '16584121', '10.1208/aapsj080102', NULL, 'Population PK of escitalopram: CL/F 19 L/h, BSV CV 34% (CL), 17% (V), 148% (ka); as transcribed in the reference table (pharmacology-parameters.md), journal details from memory, verify.'),
('han2025', 'Han et al.', 2025, 'Population pharmacokinetics of fluoxetine and norfluoxetine', 'Pharmaceutics 17:1516', NULL, NULL, NULL, 'Two linked one-compartment models; BSV CV of CL/F 31.6% (fluoxetine), 20.9% (norfluoxetine); trough-only data. Authors and title from the reference table, verify.');

CREATE TABLE population_iiv (
    drug   TEXT NOT NULL,
    param  TEXT NOT NULL CHECK (param IN ('CL', 'V', 'KA', 'F')),
    omega2 REAL NOT NULL CHECK (omega2 >= 0),
    source TEXT NOT NULL REFERENCES sources(id),
    note   TEXT,
    PRIMARY KEY (drug, param)
);

INSERT INTO population_iiv (drug, param, omega2, source, note) VALUES
('clonazepam', 'KA', 0.16,   'kruizinga2022', 'reported: omega^2 of ka 0.16 (CV 42%), healthy adults, oral solution'),
('clonazepam', 'F',  0.026,  'kruizinga2022', 'reported: omega^2 of F 0.026 (CV about 16%)'),
('clonazepam', 'CL', 0.083,  'berlin1975',    'derived: Kruizinga 2022 estimated no BSV on CL; the half-lives 19-60 h across subjects (Berlin & Dahlstrom 1975) read as +-2 SD give omega = ln(60/19)/4 = 0.29, omega^2 0.083 (CV 30%)'),
('clonazepam', 'V',  0.072,  'berlin1975',    'derived: Vd-beta 1.5-4.4 L/kg across subjects read as +-2 SD: omega = ln(4.4/1.5)/4 = 0.27, omega^2 0.072 (CV 28%)'),
('escitalopram', 'CL', 0.109, 'areberg2006',  'reported: CV 34% -> omega^2 = ln(1 + 0.34^2)'),
('escitalopram', 'V',  0.0285, 'areberg2006', 'reported: CV 17%'),
('escitalopram', 'KA', 1.16,  'areberg2006',  'reported: CV 148%'),
('paroxetine', 'CL', 0.148,  'kim2015',       'reported: CV 40% on CL/F'),
('fluoxetine', 'CL', 0.0952, 'han2025',       'reported: CV 31.6% on CL/F'),
('sertraline', 'CL', 0.0862, 'areberg2006',   'assumed: CV 30%, the class-typical BSV of SSRI clearance in population models (30-40%: areberg2006, kim2015, han2025); the sertraline TDM model (Zhang 2024) is inconsistent with the label half-life'),
('citalopram', 'CL', 0.0862, 'areberg2006',   'assumed: CV 30% as for sertraline (class-typical, see there)'),
('fluvoxamine', 'CL', 0.0862, 'areberg2006',  'assumed: CV 30% as for sertraline (class-typical, see there)');
