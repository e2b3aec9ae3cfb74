-- Therapeutic drug monitoring (TDM) and withdrawal-rating calibration data.
--
--   residual_error     measurement (residual) error of a plasma concentration:
--                      Cobs = Cpred * (1 + eps_prop) + eps_add,
--                      eps_prop ~ N(0, sigma_prop^2), eps_add ~ N(0, sigma_add^2)
--   population_iiv     extra rows for the benzodiazepines that 95_population.sql
--                      lacks (same conventions as there: omega^2 on the log
--                      scale, a range over subjects read as about +-2 SD)
--   therapeutic_range  trough reference ranges and laboratory alert levels
--   symptom_scale      CIWA-B and BWSQ score ranges and calibration figures
--
-- Every row says in its note whether a number is 'reported' (stated by the
-- cited source), 'derived' (computed, and how) or 'assumed' (and why, with
-- the source it generalises). "verify" marks a number not confirmed against a
-- fetched text of the source. Most population-PK residual errors below were
-- read from nlmixr2lib model-library transcriptions of the papers' tables
-- (github nlmixr2/nlmixr2lib, inst/modeldb), not from the papers themselves.
--
-- Additive error where a model has none: the assay-level SD at the lower limit
-- of quantification, taken as 0.2 x LLOQ because a validated method may have
-- up to 20% imprecision at the LLOQ (FDA bioanalytical method validation
-- guidance 2018).

INSERT INTO sources (id, authors, year, title, journal_or_label, pmid, doi, url, note) VALUES
('hiemke2018', 'Hiemke C, Bergemann N, Clement HW, Conca A, Deckert J, Domschke K, et al.', 2018, 'Consensus Guidelines for Therapeutic Drug Monitoring in Neuropsychopharmacology: Update 2017', 'Pharmacopsychiatry 51(1-02):9-62', '28910830', '10.1055/s-0043-116492', NULL, 'AGNP TDM task-force guideline: therapeutic reference ranges and laboratory alert levels (trough, steady state). Ranges in therapeutic_range are from memory of the guideline table unless the note names a fetched corroboration; verify against the table. PMID from memory, verify.'),
('akil2016', 'Akil A, Bies RR, Pollock BG, et al.', 2016, 'A population pharmacokinetic model for R- and S-citalopram and desmethylcitalopram in Alzheimer''s disease patients with agitation', 'J Pharmacokinet Pharmacodyn 43(1):99-109', NULL, '10.1007/s10928-015-9457-8', NULL, 'Residual error (Table 3): S-citalopram (and S-desmethylcitalopram) proportional 21.61%, R-desmethylcitalopram proportional 21.54%, R-citalopram additive 13.42 ng/mL; limits of quantitation 5 and 10 ng/mL. Read from the nlmixr2lib transcription (Akil_2016_citalopram); title, co-authors and DOI from memory, verify.'),
('xia2025', 'Xia H, Deng G, Liang F, Zhang Z, Huang W, Guo Z, Song Q, Wen Y, Shang D, Tan Y', 2025, 'Investigating remedial strategies for missed or delayed dose of sertraline in Chinese adolescent patients with depressive disorders via population pharmacokinetics modeling and simulation approaches', 'Drug Des Devel Ther 19:3001-3016', '40260198', '10.2147/DDDT.S504521', NULL, 'One-compartment TDM model (103 adolescents, 221 troughs): Table 2 PRO 0.0959 and ADD 24.7 read as NONMEM SIGMA variances (SD 31.0% and 4.97 ng/mL); IIV CL/F omega^2 0.134. Paper uses the AGNP range 10-150 ng/mL and alert 300 ng/mL for sertraline. Read from the nlmixr2lib transcription (Xia_2025_sertraline).'),
('klein2026', 'Klein P, Aungaroon G, Biton V, Liow KK, Phillips S, Wychowski T, et al.', 2026, 'Pharmacokinetics and tolerability of single-dose Staccato alprazolam in adolescents with epilepsy, and population pharmacokinetic analysis to support dose selection in adolescents', 'Epilepsia 67(1):109-119', NULL, '10.1111/epi.18643', NULL, 'Two-compartment popPK of inhaled alprazolam (N = 99, three trials, Table S3): proportional residual 10.0% (95% CI 8.3-11.7); IIV (SD on log scale) CL/F 58.6%, Vc/F 76.3%, Vp/F 20.9%. Read from the nlmixr2lib transcription (Klein_2026_alprazolam).'),
('ku2018', 'Ku LC, Hornik CP, Beechinor RJ, Chamberlain JM, Guptill JT, Harper B, Capparelli EV, Martz K, Anand R, Cohen-Wolkowiez M, Gonzalez D', 2018, 'Population pharmacokinetics and exploratory exposure-response relationships of diazepam in children treated for status epilepticus', 'CPT Pharmacometrics Syst Pharmacol 7(11):718-727', NULL, '10.1002/psp4.12349', NULL, 'Two-compartment i.v. diazepam popPK, 87 children 0.4-17.8 y: proportional residual variance 0.132 (SD 36.3%), IIV CL omega^2 0.249, V1 1.31. Read from the nlmixr2lib transcription (Ku_2018_diazepam).'),
('swart2004', 'Swart EL, Zuideveld KP, de Jongh J, Danhof M, Thijs LG, Strack van Schijndel RMJ', 2004, 'Comparative population pharmacokinetics of lorazepam and midazolam during long-term continuous infusion in critically ill patients', 'Br J Clin Pharmacol 57(2):135-145', NULL, '10.1046/j.1365-2125.2003.01957.x', NULL, 'Lorazepam two-compartment popPK (28 ICU patients): proportional residual error 15% (abstract, read in a library catalogue record). DOI from memory, verify.'),
('liu2022', 'Liu S, Xiao T, Huang S, Li X, Kong W, Yang Y, Zhang Z, Ni X, Lu H, Zhang M, Shang D, Wen Y', 2022, 'Population pharmacokinetics model for escitalopram in Chinese psychiatric patients: effect of CYP2C19 and age', 'Front Pharmacol 13:964758', NULL, '10.3389/fphar.2022.964758', NULL, 'Escitalopram TDM popPK (106 inpatients): serum HPLC-MS/MS linear range 3-300 ng/mL (LLOQ 3 ng/mL); proportional residual variance 0.0287 (SD 16.9%). Read from the nlmixr2lib transcription (Liu_2022_escitalopram).'),
('dussy2006', 'Dussy FE, Hamberg C, Briellmann TA', 2006, 'Quantification of benzodiazepines in whole blood and serum', 'Int J Legal Med 120(6):323-330', NULL, NULL, NULL, 'HPLC-MS/PDA method: limits of quantification 2-3 ug/L for alprazolam, diazepam, lorazepam, nordazepam, oxazepam and others; measurement uncertainty about 50% below 10 ug/L and about 15% above 180 ug/L (abstract read in a library catalogue record). Journal, volume and pages from memory, verify.'),
('fda-bmv-2018', 'US Food and Drug Administration, CDER/CVM', 2018, 'Bioanalytical Method Validation: Guidance for Industry', 'FDA guidance document (May 2018)', NULL, NULL, 'https://www.fda.gov/media/70858/download', 'Acceptance criterion used: precision at the LLOQ within 20% CV (15% elsewhere). From memory, verify.'),
('greenblatt1979', 'Greenblatt DJ, Allen MD, MacLaughlin DS, Huffman DH, Harmatz JS, Shader RI', 1979, 'Single- and multiple-dose kinetics of oral lorazepam in humans: the predictability of accumulation', 'J Pharmacokinet Biopharm 7(2):159-179', NULL, '10.1007/BF01059736', NULL, 'Six healthy volunteers, single 4 mg oral doses: elimination t1/2 mean 14.2 h, range 8.4-23.9 h; absorption t1/2 mean 25 min (10.3-42.7). Abstract read; title from memory, verify.'),
('lorazepam-ivim1983', 'authors not retrieved (Aarhus University group)', 1983, 'Pharmacokinetics and bioavailability of intravenous and intramuscular lorazepam with an adjunct test of the inattention effect in humans', 'Acta Pharmacol Toxicol (Copenh) 52(2):121-127', '6133404', '10.1111/j.1600-0773.1983.tb03413.x', NULL, 'Six healthy volunteers, i.v.: t1/2 14.10 +- 2.94 h (9.68-18.42), Vd-area 1.24 +- 0.17 L/kg, clearance 62.17 +- 8.85 mL/kg/h (mean +- SD). Abstract read; volume/issue from memory.'),
('greenblatt1993', 'Greenblatt DJ, Wright CE', 1993, 'Clinical pharmacokinetics of alprazolam. Therapeutic implications', 'Clin Pharmacokinet 24(6):453-471', '8513649', '10.2165/00003088-199324060-00003', NULL, 'Typical values after 1 mg oral: Vd 0.8-1.3 L/kg, t1/2 9-16 h, clearance 0.7-1.5 mL/min/kg, F 80-100%. Abstract read.'),
('busto1989', 'Busto UE, Sykora K, Sellers EM', 1989, 'A clinical scale to assess benzodiazepine withdrawal', 'J Clin Psychopharmacol 9(6):412-416', '2574193', '10.1097/00004714-198912000-00005', NULL, 'CIWA-B: 22 withdrawal-discriminating symptoms selected from 104 (23 high-dose abusers; 40 long-term therapeutic users randomised to placebo or tapering diazepam); the scale has 20 items rated on five-point scales (abstract, truncated at that phrase). DOI from memory, verify.'),
('tyrer1990', 'Tyrer P, Murphy S, Riley P', 1990, 'The Benzodiazepine Withdrawal Symptom Questionnaire', 'J Affect Disord 19(1):53-61', NULL, '10.1016/0165-0327(90)90009-W', NULL, 'Self-report questionnaire of 20 items, tested in 68 patients undergoing slow withdrawal (abstract). Item scoring (0 none, 1 moderate, 2 severe) from memory, verify.'),
('couvee2002', 'Couvee JE, Zitman FG', 2002, 'The Benzodiazepine Withdrawal Symptom Questionnaire: psychometric evaluation during a discontinuation program in depressed chronic benzodiazepine users in general practice', 'Addiction 97(3):337-345', '11964110', '10.1046/j.1360-0443.2002.00081.x', NULL, 'BWSQ in 230 depressed chronic users tapering in general practice: reliability coefficients 0.84-0.88, test-retest correlations 0.75-0.88 during withdrawal (abstract). Score means and SDs not in the abstract.');

-- ---------------------------------------------------------------------------
-- 1. Residual (measurement) error
-- ---------------------------------------------------------------------------
CREATE TABLE residual_error (
    drug            TEXT NOT NULL REFERENCES drugs(name),
    species         TEXT NOT NULL DEFAULT '',      -- the analyte: '' the parent, else a metabolite's name
    sigma_prop      REAL NOT NULL CHECK (sigma_prop >= 0),        -- proportional SD (0.076 = 7.6%)
    sigma_add_ng_mL REAL NOT NULL CHECK (sigma_add_ng_mL >= 0),   -- additive SD, ng/mL
    source          TEXT NOT NULL REFERENCES sources(id),
    note            TEXT,
    PRIMARY KEY (drug, species)
);

INSERT INTO residual_error (drug, species, sigma_prop, sigma_add_ng_mL, source, note) VALUES
('clonazepam', '', 0.0762, 0.5, 'kruizinga2022',
 'prop reported: Kruizinga 2022 Table 2 sigma^2 proportional (plasma) 0.0058 -> SD 0.0762 (healthy adults, rich sampling; saliva 0.239 not used). add assumed: the model has no additive term and its assay LOQ was not retrieved ("none below the LOQ"); 0.2 x 2.5 ng/mL, the 2-3 ug/L LOQ of a serum benzodiazepine LC-MS method (dussy2006) and the 20% LLOQ precision criterion (fda-bmv-2018).'),
('alprazolam', '', 0.100, 0.5, 'klein2026',
 'prop reported: Klein 2026 Table S3 proportional RUV 10.0% (95% CI 8.3-11.7), inhaled Staccato alprazolam, epilepsy patients. add derived: no additive term in the model; 0.2 x 2.5 ng/mL (alprazolam LOQ 2-3 ug/L, dussy2006; 20% LLOQ precision, fda-bmv-2018).'),
('diazepam', '', 0.363, 0.5, 'ku2018',
 'prop reported: Ku 2018 Table 2 proportional variance 0.132 -> SD 0.363 (children in status epilepticus, sparse emergency sampling; likely larger than in planned adult sampling; no adult popPK residual error found). add derived: additive term dropped in that model; 0.2 x 2.5 ng/mL (diazepam LOQ 2-3 ug/L, dussy2006; fda-bmv-2018).'),
('lorazepam', '', 0.15, 0.5, 'swart2004',
 'prop reported: Swart 2004 proportional residual error 15% (ICU continuous infusion, abstract). add derived: 0.2 x 2.5 ng/mL (lorazepam LOQ 2-3 ug/L, dussy2006; fda-bmv-2018).'),
('oxazepam', '', 0.15, 0.5, 'swart2004',
 'prop assumed: no oxazepam popPK residual error found; 15% as for lorazepam (swart2004), the other glucuronidated benzodiazepine, within the 7.6-15% of the benzodiazepine models above (kruizinga2022, klein2026, swart2004; ku2018 36% is an emergency-sampling outlier). add derived: 0.2 x 2.5 ng/mL (oxazepam LOQ 2-3 ug/L, dussy2006; fda-bmv-2018).'),
('chlordiazepoxide', '', 0.15, 0.5, 'swart2004',
 'prop assumed: no chlordiazepoxide popPK found; 15% as for oxazepam (class-typical, generalised from swart2004). add assumed: chlordiazepoxide is not in the dussy2006 method; the 2-3 ug/L LOQ of its benzodiazepines taken over (0.2 x 2.5 ng/mL). Small against the 400-3000 ng/mL range.'),
('escitalopram', '', 0.096, 0.6, 'areberg2006',
 'prop reported: Areberg 2006 Table 3 proportional residual 9.6% (RSE 23%), rich single-dose sampling (nlmixr2lib transcription). TDM-trough models give larger values: Liu 2022 sigma^2 0.0287 (SD 16.9%), Feng 2011 30%. add derived: Areberg has no additive term; 0.2 x 3 ng/mL, the LLOQ of the serum HPLC-MS/MS assay of Liu 2022 (liu2022; fda-bmv-2018).'),
('citalopram', '', 0.216, 1.0, 'akil2016',
 'prop reported: Akil 2016 Table 3 proportional 21.61% on S-citalopram (21.54% on R-desmethylcitalopram), elderly AD patients (CitAD), sparse sampling. The model puts a purely additive 13.42 ng/mL on R-citalopram; not used here because cnsim models racemic citalopram with one error model. add derived: 0.2 x 5 ng/mL, the lower limit of quantitation in Akil 2016 (fda-bmv-2018).'),
('sertraline', '', 0.310, 4.97, 'xia2025',
 'reported, with an interpretation: Xia 2025 Table 2 combined error PRO 0.0959, ADD 24.7, read (as the nlmixr2lib transcription argues) as NONMEM SIGMA variances: SD 0.310 and 4.97 ng/mL. Adolescents, TDM troughs, assay 5-500 ng/mL. Zhang 2024 (same group, adults and adolescents): proportional variance 0.129 (SD 0.359), additive fixed 0.'),
('paroxetine', '', 0.642, 1.0, 'kim2015',
 'prop reported: Kim 2015 residual SD 0.642 on log-transformed data (additive on the log scale = exponential error; linear-scale CV sqrt(exp(0.642^2)-1) = 71%); TDM troughs in elderly outpatients. Other paroxetine TDM models: Shigetome 2025 proportional SD 0.394, Li 2022 0.305. add assumed: the log-scale model has no additive term; 0.2 x 5 ng/mL, an SSRI assay LLOQ generalised from Akil 2016 (akil2016 LOQ 5 ng/mL; fda-bmv-2018).'),
('fluoxetine', '', 0.341, 14.9, 'han2025',
 'reported: Han 2025 Table 4 fluoxetine Prop.err.sd 34.1% (RSE 12%), Add.err.sd 14.9 ng/mL (RSE 49%), SD scale; trough-only TDM data, assay LLOQ 1 ng/mL (nlmixr2lib transcription).'),
('fluoxetine', 'norfluoxetine', 0.305, 22.9, 'han2025',
 'reported: Han 2025 Table 4 norfluoxetine Prop.err.sd 30.5% (RSE 16%), Add.err.sd 22.9 ng/mL (RSE 31%).'),
('fluvoxamine', '', 0.30, 1.0, 'xia2025',
 'assumed: no fluvoxamine popPK residual error found; 30%, the class-typical proportional residual of SSRI TDM-trough models (xia2025 sertraline 31%, Li 2022 paroxetine 30.5%, han2025 fluoxetine 34%, akil2016 citalopram 22%). add assumed: 0.2 x 5 ng/mL, SSRI assay LLOQ generalised from akil2016 (fda-bmv-2018).');

-- ---------------------------------------------------------------------------
-- 2. Between-subject variability for the benzodiazepines missing in 95_population.sql
-- ---------------------------------------------------------------------------
INSERT INTO population_iiv (drug, param, omega2, source, note) VALUES
('alprazolam', 'CL', 0.132, 'xanax-label',
 'derived: label t1/2 11.2 h, range 6.3-26.9 h in healthy adults, read as +-2 SD: omega = ln(26.9/6.3)/4 = 0.363, omega^2 0.132 (CV 38%). Reported popPK alternative: Klein 2026 omega 0.586 on CL/F (inhaled, epilepsy patients on other antiseizure drugs, so wider). An FDA clinical-pharmacology review of Xanax XR, seen only as a third-party copy, gives oral clearance CV 30-32%.'),
('alprazolam', 'V', 0.0147, 'greenblatt1993',
 'derived: Vd 0.8-1.3 L/kg (Greenblatt & Wright 1993) read as +-2 SD: omega = ln(1.3/0.8)/4 = 0.121, omega^2 0.0147 (CV 12%). That range summarises typical values across studies, so it may understate subject spread; the third-party copy of the FDA review gives Vd/F CV 12-18%, consistent.'),
('diazepam', 'CL', 0.055, 'klotz1975',
 'derived: Klotz 1975: clearance of most normal subjects (15-82 y) 20-32 mL/min, read as +-1 SD because it is "the majority", not the range: omega = ln(32/20)/2 = 0.235, omega^2 0.055 (CV 24%). Reported popPK alternative not used: Ku 2018 omega^2 0.249 (children in status epilepticus). Greenblatt 1989 (48 men) found clearance log-normally skewed but the abstract gives no SD.'),
('diazepam', 'V', 0.27, 'klotz1975',
 'derived: Vd 0.3-2.4 L/kg (Klotz 1975, normal subjects aged 15-82; Vd rises with age) read as +-2 SD: omega = ln(8)/4 = 0.52, omega^2 0.27 (CV 56%). Includes the age effect, so an upper estimate for a fixed age. Applies to the total (steady-state) volume; the registry''s 2-compartment split is not varied separately.'),
('lorazepam', 'CL', 0.068, 'greenblatt1979',
 'derived: oral t1/2 8.4-23.9 h in 6 healthy volunteers (Greenblatt 1979) read as +-2 SD: omega = ln(23.9/8.4)/4 = 0.261, omega^2 0.068 (CV 27%). The i.v. study of 1983 (lorazepam-ivim1983) gives clearance 62.17 +- 8.85 mL/kg/h (CV 14%) in 6 subjects, so this may be an upper estimate.'),
('lorazepam', 'V', 0.0186, 'lorazepam-ivim1983',
 'derived: Vd-area 1.24 +- 0.17 L/kg (mean +- SD, 6 healthy subjects, i.v.): CV 13.7% -> omega^2 = ln(1 + 0.137^2) = 0.0186.'),
('oxazepam', 'CL', 0.026, 'oxazepam-label',
 'derived: label t1/2 mean 8.2 h, range 5.7-10.9 h, read as +-2 SD: omega = ln(10.9/5.7)/4 = 0.162, omega^2 0.026 (CV 16%). Whether the label range spans subjects or study means is not stated; low estimate.'),
('oxazepam', 'V', 0.060, 'griffin2013',
 'derived: V 0.6-1.6 L/kg (range quoted in the registry note of pk_params, whose V source is griffin2013; the range itself not re-checked there, verify) read as +-2 SD: omega = ln(1.6/0.6)/4 = 0.245, omega^2 0.060 (CV 25%).'),
('chlordiazepoxide', 'CL', 0.201, 'greenblatt1978',
 'derived: single-dose t1/2 5-30 h (Greenblatt 1978 review) read as +-2 SD: omega = ln(30/5)/4 = 0.448, omega^2 0.201 (CV 47%). Half-life also carries V variability, so slightly high for CL. Three subjects of cdx-multidose1978: 7.6, 9.8, 12.6 h.'),
('chlordiazepoxide', 'V', 0.030, 'greenblatt1978',
 'derived: V 0.25-0.50 L/kg (Greenblatt 1978) read as +-2 SD: omega = ln(2)/4 = 0.173, omega^2 0.030 (CV 17%).');

-- ---------------------------------------------------------------------------
-- 3. Therapeutic reference ranges (trough, steady state)
-- ---------------------------------------------------------------------------
-- indication: '' for the AGNP psychiatric range; 'epilepsy' for the antiepileptic
-- range from the SmPC. It is part of the key so clonazepam can carry both.
CREATE TABLE therapeutic_range (
    drug        TEXT NOT NULL REFERENCES drugs(name),
    species     TEXT NOT NULL DEFAULT '',   -- '' = parent; else as the guideline states, e.g. 'fluoxetine+norfluoxetine'
    kind        TEXT NOT NULL CHECK (kind IN ('trough')),
    indication  TEXT NOT NULL DEFAULT '',
    low_ng_mL   REAL,
    high_ng_mL  REAL,
    alert_ng_mL REAL,                       -- laboratory alert level, NULL if none
    source      TEXT NOT NULL REFERENCES sources(id),
    note        TEXT,
    PRIMARY KEY (drug, species, kind, indication)
);

INSERT INTO therapeutic_range (drug, species, kind, indication, low_ng_mL, high_ng_mL, alert_ng_mL, source, note) VALUES
('clonazepam', '', 'trough', '', 4, 80, 100, 'hiemke2018',
 'reported (AGNP 2017, anxiolytic use), from memory, verify. The 4-80 ng/mL anxiolytic range is corroborated by a Mayo Clinic Laboratories test catalogue (fetched text: anxiolytic 4-80, anticonvulsant 20-70 ng/mL); alert 100 not confirmed from a fetched text.'),
('clonazepam', '', 'trough', 'epilepsy', 20, 70, 100, 'rivotril-smpc',
 'reported: SmPC target 20-70 ng/mL in epilepsy, >100 ng/mL usually toxic (as transcribed in shared/reference/pharmacology-parameters.md; SmPC text not re-fetched here). The toxic threshold is stored as the alert level.'),
('alprazolam', '', 'trough', '', 5, 50, 100, 'hiemke2018',
 'reported (AGNP 2017), from memory, verify.'),
('diazepam', 'diazepam+desmethyldiazepam', 'trough', '', 100, 2500, 3000, 'hiemke2018',
 'reported (AGNP 2017: diazepam plus its metabolite nordazepam, which the registry names desmethyldiazepam), from memory, verify; the 2011 edition gave 200-2500 ng/mL.'),
('lorazepam', '', 'trough', '', 30, 100, 300, 'hiemke2018',
 'reported (AGNP 2017), from memory, verify.'),
('oxazepam', '', 'trough', '', 150, 1300, 2000, 'hiemke2018',
 'reported (AGNP 2017), from memory, verify (the 2011 edition gave 200-1500 ng/mL).'),
('chlordiazepoxide', '', 'trough', '', 400, 3000, 3500, 'hiemke2018',
 'reported (AGNP 2017), from memory, verify.'),
('citalopram', '', 'trough', '', 50, 110, 220, 'hiemke2018',
 'reported (AGNP 2017), from memory; 50-110 ng/mL corroborated by Mayo Clinic Laboratories and a UK laboratory catalogue (fetched text); alert 220 not confirmed.'),
('escitalopram', '', 'trough', '', 15, 80, 160, 'hiemke2018',
 'reported (AGNP 2017), from memory; 15-80 ng/mL corroborated by Mayo Clinic Laboratories (fetched text); alert 160 not confirmed.'),
('fluoxetine', 'fluoxetine+norfluoxetine', 'trough', '', 120, 500, 1000, 'hiemke2018',
 'reported (AGNP 2017: sum of fluoxetine and norfluoxetine), from memory; 120-500 ng/mL corroborated by Han 2025 (target range 120-500 ng/mL, as transcribed in nlmixr2lib); alert 1000 not confirmed.'),
('fluvoxamine', '', 'trough', '', 60, 230, 500, 'hiemke2018',
 'reported (AGNP 2017), from memory, verify.'),
('paroxetine', '', 'trough', '', 20, 65, 120, 'hiemke2018',
 'reported (AGNP 2017), from memory, verify (older editions gave 30-120 ng/mL).'),
('sertraline', '', 'trough', '', 10, 150, 300, 'hiemke2018',
 'reported (AGNP 2017); range 10-150 ng/mL and alert 300 ng/mL corroborated by Xia 2025 and Zhang 2024, which cite the AGNP values (as transcribed in nlmixr2lib).');

-- ---------------------------------------------------------------------------
-- 4. Withdrawal rating scales
-- ---------------------------------------------------------------------------
CREATE TABLE symptom_scale (
    scale                TEXT PRIMARY KEY CHECK (scale IN ('ciwa_b', 'bwsq')),
    min_score            REAL,
    max_score            REAL,
    baseline_mean        REAL,   -- mean score of patients stable on a benzodiazepine before discontinuation
    withdrawal_peak_mean REAL,   -- mean peak score after abrupt discontinuation (or the fastest arm)
    withdrawal_peak_sd   REAL,
    taper_peak_mean      REAL,   -- mean peak during a gradual taper, if reported
    mild_max             REAL,   -- upper end of the 'mild' band
    moderate_max         REAL,   -- upper end of the 'moderate' band
    residual_sd          REAL,   -- measurement SD of one rating (test-retest / inter-rater)
    source               TEXT NOT NULL REFERENCES sources(id),
    note                 TEXT
);

INSERT INTO sources (id, authors, year, title, journal_or_label, pmid, doi, url, note) VALUES
('baillie1996', 'Baillie A', 1996, 'Manual for the Benzodiazepine Dependence Questionnaire (BDEPQ)', 'National Drug and Alcohol Research Centre, University of New South Wales (manual, 26 February 1996; ISBN 0 947229 56 6)', NULL, NULL, 'https://yumpu.com/en/document/view/3553969/manual-for-the-benzodiazepine-dependence-questionnaire-bdepq/21', 'BWSQ in the BDEPQ development sample (community benzodiazepine users; 241 of 267 completed the BWSQ at wave 1): "The average score on the BWSQ was 5.27 (sd = 6.06) indicating the most common experience was of five symptoms of moderate severity ... highly positively skewed with 36 being the highest score"; wave-1 scores count symptoms experienced at any time in the past, not only when benzodiazepines were stopped or reduced (manual p. 18, read in a search excerpt of the yumpu copy). Companion paper: Baillie AJ, Mattick RP 1996, Br J Psychiatry 169:276-281 (seen in a citation listing; not used).');

INSERT INTO symptom_scale (scale, min_score, max_score, baseline_mean, withdrawal_peak_mean, withdrawal_peak_sd,
    taper_peak_mean, mild_max, moderate_max, residual_sd, source, note) VALUES
('ciwa_b', 0, 80, NULL, NULL, NULL, NULL, 20, 40, NULL, 'busto1989',
 'min/max derived: Busto 1989 abstract: 20 items on five-point scales (0-4), so 0-80 (the abstract is truncated at that phrase). Bands from memory, verify: total 1-20 mild, 21-40 moderate, 41-60 severe, 61-80 very severe (the scoring sheet distributed with the scale, CAMH Toronto; not confirmed from a fetched text). Not found, left NULL: mean scores before discontinuation, peak after abrupt stop (Busto 1986 NEJM placebo arm, scored on the predecessor instruments) or during a taper, and inter-rater / test-retest reliability (the abstract calls the scale reliable but gives no coefficient). A 6-item CIWA-B subscale was used by McGregor 2003 (Drug Alcohol Rev 22:175); not comparable. Second search (lit15 follow-up): still no published CIWA-B total-score means, SDs or reliability coefficient in any excerpt (checked: Busto 1989 abstract on PubMed and the journal page, Busto 1986 NEJM abstract PMID 3092053 (gives no scores), Vorma 2003 Helsinki thesis (only the title pages are in the excerpts), McGregor 2003 abstract (6-item subscale, no means), Lugoboni/Quaglio 2012 and Benini 2021 flumazenil studies (other scales, no CIWA-B means), MacDonald 2022 Drug Alcohol Depend 236:109501 abstract (no scores)). The bands 20/40 are still unconfirmed; a third-party calculator test file on GitHub uses different bands (<10 mild, 10-20 moderate, >20 severe), which shows the banding is not standardised.'),
('bwsq', 0, 40, NULL, NULL, NULL, NULL, NULL, NULL, 2.6, 'tyrer1990',
 'min/max: 20 items (Tyrer 1990 abstract, reported). Range 0-40 (0 none, 1 moderate, 2 severe per item) now supported (derived from reported figures): Baillie 1996 BDEPQ manual p. 18 reports a highest observed BWSQ score of 36, which is impossible if items were only counted as present (max 20), and reads a mean of 5.27 as "five symptoms of moderate severity", i.e. 1 point for a moderate symptom. The exact item wording of the scoring is still not seen in a fetched text. ' ||
 'residual_sd 2.6: derived, cross-study: score SD 6.06 (Baillie 1996 BDEPQ manual, 241 community benzodiazepine users, reported) x sqrt(1 - r), r = 0.815 = midpoint of the test-retest correlations 0.75-0.88 during withdrawal (Couvee & Zitman 2002, Addiction 97:337-345, PMID 11964110, abstract, reported); the ends of the r range give 3.0 (r 0.75) and 2.1 (r 0.88). Caveat: the SD and the r come from different samples (Australian community users scoring lifetime symptoms vs. Dutch depressed general-practice patients tapering), and a test-retest r taken during a taper includes real change, so 2.6 is if anything an overestimate of pure rating error. ' ||
 'No severity bands are published for the BWSQ (NULL). baseline_mean, withdrawal_peak_mean/sd and taper_peak_mean left NULL: no BWSQ mean at the start of a discontinuation or at its peak was found in any excerpt (checked: Couvee & Zitman 2002 abstract (means not given), Oude Voshaar 2003 Br J Psychiatry 182:498 abstract (no BWSQ figures), Baandrup 2016 World J Biol Psychiatry 17:514 abstract (melatonin had no effect on withdrawal symptoms, no scores), Bobes et al. pregabalin observational study, Eur Psychiatry abstract (truncated before the BWSQ results; year not seen), Tanta University flumazenil vs oxazepam taper vs abrupt stop comparison, mjfmct.journals.ekb.eg article 47314, abstract (BWSQ used, no scores given)). The only published BWSQ mean seen, 5.27 (SD 6.06) in Baillie 1996, counts symptoms experienced at any time in the past (not at a stable dose, not at a withdrawal peak), so it is not used as baseline_mean.');

-- ---------------------------------------------------------------------------
-- 5. The link from the model's withdrawal index to a symptom score, and the
--    between-patient variability the taper diary estimates (cnsim taper
--    --diary, src/plan/diary.c, docs/plan.md "Adaptive taper").
--
-- The link: score = baseline + slope * exp(eta_sens) * W7, W7 the mean
-- withdrawal index over the 7 days up to the rating, baseline the
-- patient's own first rating on the starting dose, and slope such that the
-- abrupt stop of the patient's starting regimen (typical patient, peak
-- index) scores withdrawal_peak_mean - baseline_mean when symptom_scale has
-- both (published means), else abrupt_anchor (below, an assumption: no
-- published mean peak score after discontinuation was found; see the
-- symptom_scale notes). The patient's sensitivity is the depth of the
-- dependence (pd_system dep_max, logit + eta_dep); the recovery half-lives
-- of the dependence state (pd_system dep_t_half_off_h,
-- dep_slow_t_half_off_h) scale by exp(eta_adapt).
-- ---------------------------------------------------------------------------
CREATE TABLE withdrawal_link (
    scale  TEXT NOT NULL CHECK (scale IN ('ciwa_b', 'bwsq', 'any')),
    param  TEXT NOT NULL CHECK (param IN ('abrupt_anchor', 'tolerable', 'residual_sd', 'omega_sensitivity',
                                          'omega_dependence', 'omega_adaptation')),
    value  REAL NOT NULL CHECK (value >= 0),
    source TEXT NOT NULL REFERENCES sources(id),
    note   TEXT,
    PRIMARY KEY (scale, param)
);

INSERT INTO withdrawal_link (scale, param, value, source, note) VALUES
('ciwa_b', 'abrupt_anchor', 40, 'busto1989',
 'assumed: the abrupt stop of a long-term therapeutic regimen (the peak of the simulated withdrawal index for the patient''s starting dose after 12 weeks) scores 40 points above baseline, the upper end of the moderate band (1-20 mild, 21-40 moderate; bands from memory, verify). Used only while symptom_scale has no published withdrawal_peak_mean and baseline_mean. The patient''s own baseline and dependence depth absorb part of a wrong anchor.'),
('bwsq', 'abrupt_anchor', 20, 'tyrer1990',
 'assumed: half the 0-40 range (no severity bands are published for the BWSQ); as for ciwa_b.'),
('ciwa_b', 'tolerable', 20, 'asam2025',
 'assumed: a CIWA-B above the mild band (20, busto1989 scoring bands, verify) counts as troublesome withdrawal, when ASAM 2025 and the Maudsley guidelines say to pause or slow the taper. The planner cuts only while the predicted score stays at or below it.'),
('bwsq', 'tolerable', 10, 'asam2025',
 'assumed: a quarter of the BWSQ range (10 = ten moderate symptoms, twice the mean 5.27 of community benzodiazepine users in baillie1996) counts as troublesome.'),
('ciwa_b', 'residual_sd', 5.2, 'couvee2002',
 'assumed: the BWSQ''s derived measurement SD (2.6 of 40 points, symptom_scale) scaled to the CIWA-B range (x 80/40); no CIWA-B reliability coefficient was found.'),
('any', 'omega_sensitivity', 0.84, 'baillie1996',
 'derived: the spread of withdrawal symptom scores between benzodiazepine users, BWSQ mean 5.27, SD 6.06 (CV 115%) in baillie1996, as a log-normal variance ln(1 + 1.15^2) = 0.84 on the patient''s score per unit withdrawal index.'),
('any', 'omega_dependence', 1.0, 'rickels1983',
 'assumed: variance 1 (SD 1) of the patient''s dependence depth dep_max on the logit scale, so the typical 0.6 spans 0.24-0.88 at +-1.645 SD: withdrawal after long-term use in 5% of patients after under 8 months and 43% after 8 months or more (Rickels 1983, the spread between patients pd_system notes the mean-patient model does not represent), and the spread of withdrawal symptom scores between users (BWSQ mean 5.27, SD 6.06, CV 115%, baillie1996).'),
('any', 'omega_adaptation', 0.22, 'ashton2002',
 'assumed: CV 50% on the recovery half-lives of the dependence state; withdrawal lasts from days to months between patients (Ashton 2002), which a CV of 50% on the half-life spans at +-2 SD (0.37x to 2.7x).');
