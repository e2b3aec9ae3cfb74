-- Drug interactions: pharmacokinetic effects (a clearance multiplier on the
-- victim, simulated by `cnsim interact` to give the AUC fold change) and the
-- parameters of the respiratory-drive response surface (docs/clinical.md,
-- "Interactions"). Every value carries a source; `is_assumed` = 1 marks a
-- value chosen by us where no direct measurement was found (basis says why).

INSERT INTO sources (id, authors, year, title, journal_or_label, pmid, doi, url, note) VALUES
('bailey1990', 'Bailey PL, Pace NL, Ashburn MA, Moll JW, East KA, Stanley TH', 1990, 'Frequent hypoxemia and apnea after sedation with midazolam and fentanyl', 'Anesthesiology 73(5):826-830', '2122773', '10.1097/00000542-199011000-00005', NULL, 'Volunteers: midazolam 0.05 mg/kg alone no respiratory effect; fentanyl 2 ug/kg alone hypoxemia 6/12, apnea 0/12; combined hypoxemia 11/12, apnea 6/12. Calibrates the opioid-benzodiazepine interaction term.'),
('greco1990', 'Greco WR, Park HS, Rustum YM', 1990, 'Application of a new approach for the quantitation of drug synergism to the combination of cis-diamminedichloroplatinum and 1-beta-D-arabinofuranosylcytosine', 'Cancer Res 50(17):5318-5327', '2386940', NULL, NULL, 'Universal response-surface approach to synergy (alpha > 0 synergy).'),
('minto2000', 'Minto CF, Schnider TW, Short TG, Gregg KM, Gentilini A, Shafer SL', 2000, 'Response surface model for anesthetic drug interactions', 'Anesthesiology 92(6):1603-1616', '10839909', '10.1097/00000542-200006000-00017', NULL, 'U = Ca/C50a + Cb/C50b, theta = Ub/U, U50(theta) = 1 - beta theta + beta theta^2, E = Emax (U/U50)^gamma / (1 + (U/U50)^gamma). The form used for the respiratory-drive surface.'),
('mann2022', 'Mann J, Samieegohar M, Chaturbedi A, Zirkle J, Han X, Ahmadi SF, Eshleman A, Janowsky A, Wolfrum K, Swanson T, Bloom S, Dahan A, Olofsen E, Florian J, Strauss DG, Li Z', 2022, 'Development of a translational model to assess the impact of opioid overdose and naloxone dosing on respiratory depression and cardiac arrest', 'Clin Pharmacol Ther 112(5):1020-1032', '35766413', '10.1002/cpt.2696', 'https://github.com/FDA/Mechanistic-PK-PD-Model-to-Rescue-Opioid-Overdose', 'Opioid mu-receptor occupancy drives the ventilatory model; steep drive loss (exponent P1 2.9 opioid-naive). Supports a steep opioid concentration-effect curve (gamma).'),
('florian2022', 'Florian J, van der Schrier R, Gershuny V, et al.', 2022, 'Effect of paroxetine or quetiapine combined with oxycodone vs oxycodone alone on ventilation during hypercapnia: a randomized clinical trial', 'JAMA 328(14):1405-1414', '36219407', '10.1001/jama.2022.17735', NULL, 'Paroxetine 40 mg/d + oxycodone 10 mg lowered hypercapnic ventilation more than oxycodone alone (day 5: 25.1 vs 35.3 L/min).'),
('vansteveninck1996', 'van Steveninck AL, Gieschke R, Schoemaker RC, Roncari G, Tuk B, Pieters MS, Breimer DD, Cohen AF', 1996, 'Pharmacokinetic and pharmacodynamic interactions of bretazenil and diazepam with alcohol', 'Br J Clin Pharmacol 41(6):565-573', '8799523', NULL, NULL, 'Diazepam + ethanol at pseudo steady state: mostly additive, supra-additive in a minority of subjects. Basis of the small benzodiazepine-ethanol interaction term.'),
('jones2001', 'Jones AW, Holmgren P', 2001, 'Comparison of blood-ethanol concentration in deaths attributed to acute alcohol poisoning and chronic alcoholism', 'J Forensic Sci 48(4):874-879 (2003)', '12877310', NULL, NULL, 'Median blood ethanol in fatal alcohol poisoning about 3.6 g/L. Basis of the ethanol C50 for respiratory-drive loss (assumed).'),
('etg-ethanol', 'Therapeutic Guidelines Ltd (Toxicology and Toxinology Expert Group)', 2024, 'Ethanol intoxication: toxic dose', 'Therapeutic Guidelines (eTG complete), Toxicology and Toxinology', NULL, NULL, NULL, 'Potentially lethal single ingestion of ethanol in ethanol-naive adults 5-8 g/kg (children 3 g/kg), after Vogel 1995. cnsim interact accepts ethanol up to 8 g/kg for the 70 kg reference adult: 560 g, 40 US standard drinks (src/clinical/interact.c).');

-- Pharmacokinetic interactions: what a user is told about a pair (severity,
-- mechanism, advice from the label). The size of the effect is never taken
-- from here: every run simulates it from the enzyme kinetics
-- (data/72_enzyme_kinetics.sql). cl_multiplier is the published clearance
-- change the simulation is checked against (NULL where no clinical study
-- was found; is_assumed = 1 then).
CREATE TABLE pk_interactions (
    perpetrator    TEXT NOT NULL REFERENCES drugs(name),
    victim         TEXT NOT NULL REFERENCES drugs(name),
    cl_multiplier  REAL CHECK (cl_multiplier IS NULL OR cl_multiplier > 0),
    severity       TEXT NOT NULL,       -- major | moderate | minor
    mechanism      TEXT NOT NULL,
    advice         TEXT NOT NULL,
    basis          TEXT NOT NULL,       -- how the value was derived
    is_assumed     INTEGER NOT NULL DEFAULT 0,
    source         TEXT NOT NULL REFERENCES sources(id),
    PRIMARY KEY (perpetrator, victim)
);

INSERT INTO pk_interactions VALUES
('carbamazepine', 'clonazepam', 1.43, 'moderate',
 'CYP3A4 induction speeds clonazepam nitroreduction: lower clonazepam levels',
 'Expect less clonazepam effect; monitor seizure/anxiety control and adjust the dose; when the inducer is stopped, levels rise over 1-2 weeks',
 'Label: inducers give ~30% lower clonazepam levels -> CL x 1/0.70 = 1.43 (Yukawa 2001 +22%, Khoo 1980 phenytoin +46-58% bracket it)', 0, 'klonopin-label'),
('clarithromycin', 'clonazepam', NULL, 'moderate',
 'Strong CYP3A4 inhibition slows clonazepam nitroreduction: higher clonazepam levels',
 'Label: not studied, use cautiously; watch for sedation and respiratory depression, consider a lower clonazepam dose',
 'No clinical study found; simulated from clarithromycin''s CYP3A4 inactivation and clonazepam''s CYP3A4 fraction (data/72_enzyme_kinetics.sql)', 1, 'fda-ddi-table'),
('fluvoxamine', 'clonazepam', NULL, 'minor',
 'Moderate CYP3A4 inhibition by fluvoxamine; clonazepam is mainly nitroreduced, so the effect is expected to be small',
 'Fluvoxamine label: use benzodiazepines metabolised by oxidation with caution; watch for extra sedation',
 'No clonazepam study found; simulated from fluvoxamine''s CYP3A4 inhibition and clonazepam''s CYP3A4 fraction (data/72_enzyme_kinetics.sql)', 1, 'luvox-label'),
('fluvoxamine', 'alprazolam', 0.5, 'major',
 'Moderate CYP3A4 inhibition by fluvoxamine slows alprazolam oxidation',
 'Fluvoxamine label: start alprazolam at half the usual dose (or lower) and titrate to the lowest effective dose',
 'Fluvoxamine label: alprazolam AUC about doubled (x2) -> CL x0.5', 0, 'luvox-label'),
('fluvoxamine', 'diazepam', 0.35, 'major',
 'Fluvoxamine inhibits CYP2C19 and CYP3A4, both diazepam N-demethylation pathways',
 'Fluvoxamine label: diazepam co-administration is generally not advisable; prefer a benzodiazepine cleared by glucuronidation (lorazepam, oxazepam)',
 'Fluvoxamine label: diazepam clearance fell 65% -> CL x0.35', 0, 'luvox-label'),
('clarithromycin', 'alprazolam', NULL, 'major',
 'Strong CYP3A4 inhibition slows alprazolam oxidation',
 'Xanax label: avoid strong CYP3A inhibitors (ketoconazole, itraconazole contraindicated); with others reduce the alprazolam dose',
 'No alprazolam study found; simulated from clarithromycin''s CYP3A4 inactivation (in vitro constants) and alprazolam''s CYP3A4 fraction; ketoconazole raised alprazolam AUC ~4-fold (Greenblatt 1998)', 1, 'xanax-label'),
('clarithromycin', 'oxycodone', 0.5, 'major',
 'CYP3A4 inhibition raises oxycodone levels (oxycodone boxed warning)',
 'Roxicodone boxed warning: monitor closely for respiratory depression and sedation; consider an oxycodone dose reduction',
 'Liukas 2011: clarithromycin 500 mg bid raised oral oxycodone AUC 2.0-fold (young) and 2.3-fold (elderly) -> CL x0.5; label: strong CYP3A inhibitors raise oxycodone exposure', 0, 'liukas2011'),
('carbamazepine', 'oxycodone', NULL, 'moderate',
 'CYP3A4 induction speeds oxycodone N-demethylation: lower oxycodone levels, possible opioid withdrawal',
 'Roxicodone label: monitor for loss of analgesia and withdrawal; when the inducer is stopped, oxycodone levels rise (overdose risk)',
 'Label reports inducers lower oxycodone exposure; no carbamazepine study found; simulated from carbamazepine''s CYP3A4 induction', 1, 'roxicodone-label'),
('fluoxetine', 'alprazolam', 0.79, 'moderate',
 'Fluoxetine (and norfluoxetine) inhibit CYP3A4 modestly: slower alprazolam oxidation',
 'Xanax label: use with caution; watch for extra sedation and consider a lower alprazolam dose',
 'Xanax label (drug interactions, fluoxetine): alprazolam Cmax +46%, clearance -21%, half-life +17% -> CL x0.79', 0, 'xanax-label'),
('carbamazepine', 'alprazolam', 2.2, 'moderate',
 'CYP3A4 induction speeds alprazolam oxidation',
 'Xanax label: CYP3A inducers lower alprazolam levels; adjust the dose to response',
 'Furukori 1998: carbamazepine 300 mg/day lowered alprazolam AUC by 55% -> CL x2.2', 0, 'furukori1998');

-- Respiratory-drive response surface (Minto 2000 form, three classes).
-- drive = 1 - E, E = (U/U50)^gamma / (1 + (U/U50)^gamma),
-- U = C_opioid/C50_opioid + bzd_drive/D50_bzd + BAC/C50_ethanol,
-- U50 = 1 - sum_{i<j} beta_ij theta_i theta_j, theta_i = U_i / U.
CREATE TABLE pd_interaction_params (
    key          TEXT PRIMARY KEY,
    value        REAL NOT NULL,
    unit         TEXT NOT NULL,
    basis        TEXT NOT NULL,
    is_assumed   INTEGER NOT NULL DEFAULT 0,
    source       TEXT NOT NULL REFERENCES sources(id)
);

INSERT INTO pd_interaction_params VALUES
('gamma', 3.0, '1', 'Steepness of the drive loss; the FDA ventilatory model uses a steep occupancy exponent (P1 2.9 in opioid-naive subjects)', 1, 'mann2022'),
('c50_oxycodone_ng_mL', 44.0, 'ng/mL', 'Plasma oxycodone halving respiratory drive: taken as the peak effect of fentanyl 2 ug/kg i.v. (Bailey: hypoxemia 6/12 -> E = 0.5), equianalgesic i.v. oxycodone about 14 mg (~1:100), whose peak in the registry PK is 14 mg / V 320 L = 43.75 -> 44 ng/mL. Re-derived when the oxycodone PK was refitted on the label exposure (V 182 -> 320 L): it was 14 mg / 182 L = 77 -> 80 ng/mL; the 20 mg oral peak fell in the same proportion (48.5 -> 27.9 ng/mL), so the drive at a given oral dose is nearly unchanged (20 mg alone: 0.80, was 0.82)', 1, 'bailey1990'),
('d50_bzd_drive', 1.0, 'efficacy-weighted occupancy', 'Benzodiazepines alone show a ceiling: even full efficacy-weighted occupancy (1) only halves drive', 1, 'bailey1990'),
('bailey_midazolam_bzd_drive', 0.3, 'efficacy-weighted occupancy', 'Midazolam 0.05 mg/kg i.v. peak taken as 0.3 efficacy-weighted occupancy; alone E = 0.03 (no measurable effect, as observed)', 1, 'bailey1990'),
('c50_ethanol_g_L', 3.6, 'g/L', 'Blood ethanol halving respiratory drive: median concentration in fatal alcohol poisoning', 1, 'jones2001'),
('beta_opioid_bzd', 2.4, '1', 'Fitted: U50 so that midazolam (U 0.3) + fentanyl (U 1) gives E = 0.92 (hypoxemia 11/12) with gamma 3', 0, 'bailey1990'),
('beta_opioid_ethanol', 2.4, '1', 'Taken equal to the opioid-benzodiazepine value (ethanol also acts at GABA-A); no ventilation surface found', 1, 'niaaa-alcohol'),
('beta_bzd_ethanol', 0.5, '1', 'Mostly additive, supra-additive in a minority (diazepam + ethanol at pseudo steady state)', 1, 'vansteveninck1996'),
('g_per_us_standard_drink', 14.0, 'g ethanol', 'One US standard drink contains 14 g of pure alcohol', 0, 'niaaa-alcohol');

-- Resting minute ventilation (fraction of baseline), the quantity the
-- ventilation studies measure (docs/clinical.md, "Respiration"); kept apart
-- from the respiratory-drive index above, which is calibrated on hypoxemia
-- (Bailey 1990):
--   VE/VE0 = (1 - Eo)(1 - Ee),  Eo = U/(1 + U),
--   U = (C_oxycodone/vent_c50)(1 + BAC/vent_k_ethanol)(1 + vent_b_bzd D),
--   Ee = (BAC/vent_c50_ethanol)^g / (1 + (BAC/vent_c50_ethanol)^g).
INSERT INTO sources (id, authors, year, title, journal_or_label, pmid, doi, url, note) VALUES
('vanderschrier2017', 'van der Schrier R, Roozekrans M, Olofsen E, Aarts L, van Velzen M, de Jong M, Dahan A, Niesters M', 2017, 'Influence of ethanol on oxycodone-induced respiratory depression: a dose-escalating study in young and elderly individuals', 'Anesthesiology 126(3):534-542', NULL, '10.1097/ALN.0000000000001505', NULL, '12 young and 12 elderly opioid-naive volunteers, oxycodone 20 mg oral with i.v. ethanol 0, 0.5 or 1 g/L: oxycodone reduced baseline (resting) minute ventilation by 28%; 1 g/L ethanol reduced it by another 19% (47% in all). VE55 33.4 (control), 18.6 (oxycodone), 15.7 L/min (with 1 g/L). (Authors, title, journal, DOI and values checked on the abstract; PMID not checked.)'),
('forster1983', 'Forster A, et al.', 1983, 'Respiratory depressant effects of different doses of midazolam and lack of reversal with naloxone: a double-blind randomized study', 'Anesth Analg 62(10):920-924', '6137171', NULL, NULL, 'Midazolam 0.05, 0.1 and 0.2 mg/kg i.v. in 8 volunteers: tidal volume fell 40%, respiratory rate rose as much, minute ventilation stayed constant. (Checked on the PubMed abstract; co-authors not listed here.)'),
('berggren1987', 'Berggren L, Eriksson I, Mollenholt P, Sunzel M', 1987, 'Changes in respiratory pattern after repeated doses of diazepam and midazolam in healthy subjects', 'Acta Anaesthesiol Scand 31(8):667-672', '3434161', '10.1111/j.1399-6576.1987.tb02643.x', NULL, 'Midazolam 0.05 mg/kg or diazepam 0.15 mg/kg i.v., three doses, 8 volunteers: tidal volume down, rate up, minute ventilation unaltered. (Authors, journal, PMID, DOI and findings checked on the abstract; the title is given as the abstract describes the study, not checked word for word.)'),
('gross1996', 'Gross JB, et al.', 1996, 'Effect of flumazenil on ventilatory drive during sedation with midazolam and alfentanil', 'Anesthesiology 85(4):713-720', '8873540', '10.1097/00000542-199610000-00005', NULL, '12 volunteers: alfentanil infusion lowered VE at PETCO2 50 mmHg from 19.7 to 14.8 L/min (-25%); midazolam added lowered it to 11.7 L/min (-41%). Hypercapnic, not resting, ventilation. (Checked on the PubMed abstract.)');

INSERT INTO pd_interaction_params VALUES
('vent_c50_oxycodone_ng_mL', 71.6, 'ng/mL', 'Fitted: oxycodone 20 mg oral lowers resting minute ventilation by 28% at its peak; the registry model peaks at 27.86 ng/mL (1.6 h), so U = 0.28/0.72 = 0.389 and C50 = 27.86/0.389 = 71.6 (with the hyperbolic Eo, below). Re-fitted when the oxycodone PK was refitted on the label exposure (peak 48.5 ng/mL before, C50 125); the target and U are unchanged, and vent_k_ethanol_g_L and vent_b_bzd, fitted on ratios of U, do not depend on it', 0, 'vanderschrier2017'),
('vent_gamma_opioid', 1.0, '1', 'Eo = U/(1 + U), hyperbolic: one dose level cannot identify a steeper curve; assumed (the opioid effect on resting ventilation is graded at analgesic doses)', 1, 'vanderschrier2017'),
('vent_k_ethanol_g_L', 0.80, 'g/L', 'Fitted: with 1 g/L ethanol the same oxycodone dose lowers ventilation by 47%: (1 - Eo)(1 - Ee(1 g/L)) = 0.53 gives U = 0.876 = 0.389 (1 + 1/K), K = 0.80 g/L', 0, 'vanderschrier2017'),
('vent_b_bzd', 3.6, 'per unit efficacy-weighted occupancy', 'Fitted: midazolam added to alfentanil took hypercapnic ventilation from -25% to -41%, U from 0.333 to 0.695 (x2.08); with the sedative midazolam dose at 0.3 efficacy-weighted occupancy (bailey_midazolam_bzd_drive, assumed) b = 1.08/0.3 = 3.6. A later study (oxycodone with midazolam, 2023) found no significant further fall, so this is the cautious end. Benzodiazepines alone leave resting ventilation unchanged (Forster 1983, Berggren 1987): no direct term', 0, 'gross1996'),
('vent_c50_ethanol_g_L', 3.6, 'g/L', 'Ethanol alone halves resting ventilation only near lethal levels: taken at the median blood ethanol of fatal alcohol poisoning', 1, 'jones2001'),
('vent_gamma_ethanol', 4.0, '1', 'Steep: resting ventilation barely changes below 1-2 g/L (Ee(1 g/L) = 0.6%), the level of the ventilation studies, which had no ethanol-alone arm; assumed', 1, 'vanderschrier2017');
