-- Strong CYP3A4 inhibitors with the best published alprazolam data
-- (issue 13, item 1): ketoconazole (Greenblatt et al. 1998) and
-- itraconazole (Yasui et al. 1998). Their inhibition constants are in
-- data/72_enzyme_kinetics.sql.

INSERT INTO sources (id, authors, year, title, journal_or_label, pmid, doi, url, note) VALUES
('nizoral-label', 'Janssen Pharmaceuticals', 2013, 'NIZORAL (ketoconazole) tablets, prescribing information', 'US prescribing information', NULL, NULL, 'https://www.accessdata.fda.gov/drugsatfda_docs/label/2013/018533s040lbl.pdf', 'Oral use limited to serious fungal infections (boxed: hepatotoxicity, QT prolongation with CYP3A4 substrates); 200-400 mg once daily; contraindicated with alprazolam, oral midazolam, triazolam.'),
('sporanox-label', 'Janssen Pharmaceuticals', 2019, 'SPORANOX (itraconazole) capsules, prescribing information', 'US prescribing information', NULL, NULL, 'https://www.accessdata.fda.gov/scripts/cder/daf/', 'Capsules 100 mg, 200 mg once or twice daily with food, maximum 400 mg/day; bioavailability about 55% with food; plasma protein binding 99.8%; t1/2 16-28 h after one dose, 34-42 h at steady state (nonlinear); contraindicated with oral midazolam and triazolam among other CYP3A4 substrates.'),
('daneshmend1988', 'Daneshmend TK, Warnock DW', 1988, 'Clinical pharmacokinetics of ketoconazole', 'Clin Pharmacokinet 14(1):13-34', '3280211', '10.2165/00003088-198814010-00002', NULL, '200 mg oral: Cmax 3-4.5 mg/L at 1-2 h, AUC about 12-15 mg h/L, t1/2 about 2 h (biphasic, terminal 6-10 h), 99% protein bound, dose-dependent (nonlinear) kinetics.'),
('heykants1989', 'Heykants J, Van Peer A, Van de Velde V, Van Rooy P, Meuldermans W, Lavrijsen K, Woestenborghs R, Van Cutsem J, Cauwenbergh G', 1989, 'The clinical pharmacokinetics of itraconazole: an overview', 'Mycoses 32 Suppl 1:67-87', '2561187', '10.1111/j.1439-0507.1989.tb02296.x', NULL, '200 mg once daily with food: steady state after about 2 weeks, trough about 0.7-1 mg/L, peak about 2 mg/L at 4-5 h; t1/2 about 24 h after one dose and 30-40 h at steady state; protein binding 99.8%.');

INSERT INTO drugs (name, display_name, kind, parent_drug, mw_g_per_mol, mw_source, mechanism, mechanism_source) VALUES
('ketoconazole', 'Ketoconazole', 'parent', NULL, 531.43, 'pubchem',
 'Imidazole antifungal inhibiting fungal lanosterol 14-alpha-demethylase; a strong reversible inhibitor of human CYP3A4 (the classic probe inhibitor of alprazolam, midazolam and triazolam clearance).',
 'nizoral-label'),
('itraconazole', 'Itraconazole', 'parent', NULL, 705.63, 'pubchem',
 'Triazole antifungal inhibiting fungal lanosterol 14-alpha-demethylase; a strong inhibitor of human CYP3A4 (with its metabolite hydroxy-itraconazole).',
 'sporanox-label');

INSERT INTO synonyms (name, drug, kind, source) VALUES
('Nizoral', 'ketoconazole', 'brand', 'nizoral-label'),
('Sporanox', 'itraconazole', 'brand', 'sporanox-label');

INSERT INTO classes (name, description, source) VALUES
('azole antifungal', 'ATC J02AB (imidazoles) and J02AC (triazoles): inhibitors of fungal ergosterol synthesis', 'atc-whocc');

INSERT INTO atc_codes (drug, code, source) VALUES
('ketoconazole', 'J02AB02', 'atc-whocc'),
('itraconazole', 'J02AC02', 'atc-whocc');

INSERT INTO drug_classes (drug, class, rank, source) VALUES
('ketoconazole', 'azole antifungal', 1, 'atc-whocc'),
('ketoconazole', 'strong CYP3A4 inhibitor', 3, 'fda-ddi-table'),
('itraconazole', 'azole antifungal', 1, 'atc-whocc'),
('itraconazole', 'strong CYP3A4 inhibitor', 3, 'fda-ddi-table');

INSERT INTO targets (drug, target, action, source) VALUES
('ketoconazole', 'fungal lanosterol 14-alpha-demethylase (CYP51)', 'inhibitor', 'nizoral-label'),
('itraconazole', 'fungal lanosterol 14-alpha-demethylase (CYP51)', 'inhibitor', 'sporanox-label');

INSERT INTO indications (drug, indication, status, population, note, source) VALUES
('ketoconazole', 'systemic fungal infections when other treatments are unavailable or not tolerated', 'approved', 'adult', 'oral use restricted for hepatotoxicity', 'nizoral-label'),
('itraconazole', 'blastomycosis, histoplasmosis, aspergillosis, onychomycosis', 'approved', 'adult', NULL, 'sporanox-label');

INSERT INTO formulations (drug, form, route, strengths_mg, is_default, ka_per_h, tlag_h, f_rel, pk_source, note, source) VALUES
('ketoconazole', 'tablet', 'oral', '200', 1, NULL, NULL, NULL, NULL, NULL, 'nizoral-label'),
('itraconazole', 'capsule', 'oral', '100', 1, NULL, NULL, NULL, NULL, 'with a full meal', 'sporanox-label');

INSERT INTO dose_limits (drug, indication, population, start_mg_per_day, usual_min_mg_per_day, usual_max_mg_per_day, max_mg_per_day, note, source) VALUES
('ketoconazole', 'systemic fungal infections when other treatments are unavailable or not tolerated', 'adult', 200, 200, 400, 400, '200 mg once daily, up to 400 mg once daily', 'nizoral-label'),
('itraconazole', 'blastomycosis, histoplasmosis, aspergillosis, onychomycosis', 'adult', 200, 200, 400, 400, '200 mg once daily to 200 mg twice daily', 'sporanox-label');

INSERT INTO pk_params (drug, n_cmt, f, f_source, ka_per_h, tlag_h, ka_source, cl_L_per_h, cl_source, v1_L, v1_source,
    q2_L_per_h, v2_L, q3_L_per_h, v3_L, periph_source, vmax_mg_per_h, km_ng_mL, mm_source, fu, fu_source,
    metabolite, fm, fm_source, half_life_label_min_h, half_life_label_max_h, half_life_source,
    tmax_label_min_h, tmax_label_max_h, tmax_source, note) VALUES
('ketoconazole', 1, 1.0, 'daneshmend1988', 1.2, 0.25, 'daneshmend1988', 15, 'daneshmend1988', 65, 'daneshmend1988',
    0, 0, 0, 0, NULL, 0, 0, NULL, 0.01, 'daneshmend1988',
    NULL, 0, NULL, 2, 8, 'daneshmend1988',
    1, 4, 'daneshmend1988',
    'Apparent (X/F, F taken as 1: absolute bioavailability unknown) one-compartment approximation of dose-dependent kinetics at 200 mg: CL/F 15 L/h gives AUC 13.3 mg h/L (Daneshmend 12-15), V/F 65 L gives t1/2 3.0 h (between the 2 h initial and 6-10 h terminal phases); ka 1.2/h with a 0.25 h lag gives Tmax 1.9 h and Cmax about 2.5 mg/L (reported 3-4.5: the one-compartment form understates the peak). Protein binding 99% -> fu 0.01.'),
('itraconazole', 1, 0.55, 'sporanox-label', 0.45, 0.5, 'heykants1989', 3.3, 'heykants1989', 170, 'heykants1989',
    0, 0, 0, 0, NULL, 0, 0, NULL, 0.002, 'sporanox-label',
    NULL, 0, NULL, 34, 42, 'sporanox-label',
    2, 5, 'heykants1989',
    'Linear approximation at 200 mg once daily with food (the drug is nonlinear: t1/2 about 24 h after one dose, 30-40 h at steady state). F 0.55 (label, with food). CL 3.3 L/h (CL/F 6 L/h) gives a steady-state average of 1.4 mg/L at 200 mg/day (Heykants: trough 0.7-1, peak about 2); V 170 L gives t1/2 36 h, the label''s steady-state 34-42 h (after one dose the label gives 16-28 h: the linear model does not reproduce the single-dose value). ka 0.45/h with a 0.5 h lag gives Tmax 4.5 h. Hydroxy-itraconazole, an equipotent CYP3A4 inhibitor at about twice the parent level, is not modelled as a species: its inhibition is lumped into the parent''s in vivo constant (data/72_enzyme_kinetics.sql).');

INSERT INTO enzymes (drug, enzyme, role, strength, note, source) VALUES
('ketoconazole', 'CYP3A4', 'inhibitor', 'strong', 'reversible (competitive/mixed)', 'fda-ddi-table'),
('ketoconazole', 'CYP3A4', 'substrate', 'major', 'dose-dependent clearance', 'daneshmend1988'),
('itraconazole', 'CYP3A4', 'inhibitor', 'strong', 'reversible; hydroxy-itraconazole also inhibits', 'fda-ddi-table'),
('itraconazole', 'CYP3A4', 'substrate', 'major', 'nonlinear clearance', 'sporanox-label');

INSERT INTO warnings (drug, kind, title, text, source) VALUES
('ketoconazole', 'boxed', 'Hepatotoxicity and QT prolongation', 'Serious hepatotoxicity; QT prolongation and torsades de pointes when combined with CYP3A4 substrates such as dofetilide, quinidine, pimozide, cisapride.', 'nizoral-label'),
('ketoconazole', 'contraindication', 'CYP3A4 substrates', 'Contraindicated with alprazolam, oral midazolam and triazolam, among others (raised levels, prolonged sedation).', 'nizoral-label'),
('itraconazole', 'boxed', 'Congestive heart failure and drug interactions', 'Negative inotropic effects; serious cardiovascular events with CYP3A4 substrates such as methadone, dofetilide, quinidine, pimozide.', 'sporanox-label'),
('itraconazole', 'contraindication', 'CYP3A4 substrates', 'Contraindicated with oral midazolam and triazolam, among others (raised levels, prolonged sedation).', 'sporanox-label');
