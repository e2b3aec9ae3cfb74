-- Metabolic interactions as mechanisms (issue 13, item 1; engine in
-- src/pk/ddi.c, equations in include/cnsim/pk.h): each species' clearance
-- split by enzyme, the enzymes' turnover, and each modulator's constant.
-- Every model with two or more of these drugs simulates them as one coupled
-- system, so `simulate`, `bridge`, `trial`, populations and `interact` all
-- see the same interaction, starting, peaking and wearing off in time.
--
-- Constants are *in vivo* values in total plasma concentration (ng/mL),
-- calibrated on the clinical interaction study named in `basis` through
-- this model's own concentrations (the approach of Ohno et al. 2007, Clin
-- Pharmacokinet 46:681, made dynamic); the in vitro value is given beside
-- it for comparison where one is published. `is_assumed` = 1 marks values
-- chosen by us where no direct measurement was found.

INSERT INTO sources (id, authors, year, title, journal_or_label, pmid, doi, url, note) VALUES
('galetin2006', 'Galetin A, Burt H, Gibbons L, Houston JB', 2006, 'Prediction of time-dependent CYP3A4 drug-drug interactions: impact of enzyme degradation, parallel elimination pathways, and intestinal inhibition', 'Drug Metab Dispos 34(1):166-175', '16221753', '10.1124/dmd.105.006874', NULL, 'Mean CYP3A4 degradation half-life 3 days (range 1-6 days) gave 89% of 37 mechanism-based interactions within 2-fold; clarithromycin and erythromycin cases.'),
('fahmi2009', 'Fahmi OA, Hurst S, Plowchalk D, Cook J, Guo F, Youdim K, Dickins M, Phipps A, Darekar A, Hyland R, Obach RS', 2009, 'Comparison of different algorithms for predicting clinical drug-drug interactions, based on the use of CYP3A4 in vitro data: predictions of compounds as precipitants of interaction', 'Drug Metab Dispos 37(8):1658-1666', '19406954', '10.1124/dmd.108.026252', NULL, 'The combined mechanistic static model: reversible inhibition, mechanism-based inactivation and induction terms acting on fm of the victim.'),
('ohno2007', 'Ohno Y, Hisaka A, Suzuki H', 2007, 'General framework for the quantitative prediction of CYP3A4-mediated oral drug interactions based on the AUC increase by coadministration of standard drugs', 'Clin Pharmacokinet 46(8):681-696', '17655375', '10.2165/00003088-200746080-00005', NULL, 'Contribution ratio of CYP3A4 to a substrate''s oral clearance from its AUC increase with ketoconazole or itraconazole; in vivo inhibition ratios of inhibitors. The calibration approach used here.'),
('liston2002', 'Liston HL, DeVane CL, Boulton DW, Risch SC, Markowitz JS, Goldman J', 2002, 'Differential time course of cytochrome P450 2D6 enzyme inhibition by fluoxetine, sertraline, and paroxetine in healthy volunteers', 'J Clin Psychopharmacol 22(2):169-173', '11910262', '10.1097/00004714-200204000-00010', NULL, 'After stopping paroxetine 20 mg/day the CYP2D6 inhibition decayed with half-life 2.9 +/- 1.9 days (fluoxetine 7.0 days, sertraline 3.0 days); dextromethorphan ratio back to baseline after about 20 days.'),
('greenblatt1998', 'Greenblatt DJ, Wright CE, von Moltke LL, Harmatz JS, Ehrenberg BL, Harrel LM, Corbett K, Counihan M, Tobias S, Shader RI', 1998, 'Ketoconazole inhibition of triazolam and alprazolam clearance: differential kinetic and dynamic consequences', 'Clin Pharmacol Ther 64(3):237-247', '9757147', '10.1016/S0009-9236(98)90172-2', NULL, 'Ketoconazole 200 mg twice daily: alprazolam 1 mg AUC increased 3.98-fold, clearance fell to about a quarter, t1/2 rose from 13 to 59 h.'),
('yasui1998', 'Yasui N, Kondo T, Otani K, Furukori H, Kaneko S, Ohkubo T, Nagasaki T, Sugawara K', 1998, 'Effects of itraconazole on the single oral dose pharmacokinetics and pharmacodynamics of alprazolam', 'Psychopharmacology (Berl) 139(3):269-273', '9784084', '10.1007/s002130050715', NULL, 'Itraconazole 200 mg/day for 6 days: alprazolam 0.8 mg AUC 2.7-fold, t1/2 1.6-fold; psychomotor effects enhanced.'),
('furukori1998', 'Furukori H, Otani K, Yasui N, Kondo T, Kaneko S, Shimoyama R, Ohkubo T, Nagasaki T, Sugawara K', 1998, 'Effect of carbamazepine on the single oral dose pharmacokinetics of alprazolam', 'Neuropsychopharmacology 18(5):364-369', '9536449', '10.1016/S0893-133X(97)00165-3', NULL, 'Carbamazepine 300 mg/day for 10 days: alprazolam 0.8 mg AUC reduced by about 55% (to 0.45), t1/2 from 17 to 7.7 h.'),
('saari2010', 'Saari TI, Gronlund J, Hagelberg NM, Neuvonen M, Laine K, Neuvonen PJ, Olkkola KT', 2010, 'Effects of itraconazole on the pharmacokinetics and pharmacodynamics of intravenously and orally administered oxycodone', 'Eur J Clin Pharmacol 66(4):387-397', '20016981', '10.1007/s00228-009-0775-8', NULL, 'Itraconazole 200 mg/day for 5 days: oral oxycodone 10 mg AUC 2.4-fold, intravenous 1.5-fold.'),
('liukas2011', 'Liukas A, Hagelberg NM, Kuusniemi K, Neuvonen PJ, Olkkola KT', 2011, 'Inhibition of cytochrome P450 3A by clarithromycin uniformly affects the pharmacokinetics and pharmacodynamics of oxycodone in young and elderly volunteers', 'J Clin Psychopharmacol 31(3):302-308', '21508855', '10.1097/JCP.0b013e3182189734', NULL, 'Clarithromycin 500 mg twice daily for 5 days: oral oxycodone 10 mg AUC 2.0-fold in young and 2.3-fold in elderly subjects.'),
('mayhew2000', 'Mayhew BS, Jones DR, Hall SD', 2000, 'An in vitro model for predicting in vivo inhibition of cytochrome P450 3A4 by metabolic intermediate complex formation', 'Drug Metab Dispos 28(9):1031-1037', '10950845', NULL, NULL, 'Clarithromycin inactivation of CYP3A4 in human liver microsomes: KI 5.49 uM, kinact 0.072 per min.'),
('lalovic2006', 'Lalovic B, Kharasch E, Hoffer C, Risler L, Liu-Chen LY, Shen DD', 2006, 'Pharmacokinetics and pharmacodynamics of oral oxycodone in healthy human subjects: role of circulating active metabolites', 'Clin Pharmacol Ther 79(5):461-479', '16678554', '10.1016/j.clpt.2006.01.009', NULL, 'Oxycodone cleared mainly by CYP3A4 N-demethylation to noroxycodone (about 45% of the dose in urine) and a smaller CYP2D6 O-demethylation to oxymorphone (about 11%).'),
('vonmoltke2001', 'von Moltke LL, Greenblatt DJ, Giancarlo GM, Granda BW, Harmatz JS, Shader RI', 2001, 'Escitalopram (S-citalopram) and its metabolites in vitro: cytochromes mediating biotransformation, inhibitory effects, and comparison to R-citalopram', 'Drug Metab Dispos 29(8):1102-1109', '11454728', NULL, NULL, 'Escitalopram N-demethylation at low concentrations: CYP2C19 37%, CYP2D6 28%, CYP3A4 35%; the same for R-citalopram.'),
('obach2005', 'Obach RS, Cox LM, Tremaine LM', 2005, 'Sertraline is metabolized by multiple cytochrome P450 enzymes, monoamine oxidases, and glucuronyl transferases in human: an in vitro study', 'Drug Metab Dispos 33(2):262-270', '15547048', '10.1124/dmd.104.002428', NULL, 'Sertraline N-demethylation by CYP2B6 (largest), 2C19, 2C9, 3A4 and 2D6, none dominant; no single inhibitor expected to change sertraline much.'),
('bertilsson1980', 'Bertilsson L, Hojer B, Tybring G, Osterloh J, Rane A', 1980, 'Autoinduction of carbamazepine metabolism in children examined by a stable isotope technique', 'Clin Pharmacol Ther 27(1):83-88', '7351122', '10.1038/clpt.1980.13', NULL, 'Carbamazepine half-life fell from about 32 h (first dose) to about 10-20 h over 2-4 weeks of treatment; autoinduction complete in about 3-4 weeks.'),
('kerr1994', 'Kerr BM, Thummel KE, Wurden CJ, Klein SM, Kroetz DL, Gonzalez FJ, Levy RH', 1994, 'Human liver carbamazepine metabolism. Role of CYP3A4 and CYP2C8 in 10,11-epoxide formation', 'Biochem Pharmacol 47(11):1969-1979', '8010982', '10.1016/0006-2952(94)90071-x', NULL, 'CYP3A4 is the main enzyme of carbamazepine 10,11-epoxidation, the major pathway of its clearance.');

CREATE TABLE enzyme_turnover (
    enzyme       TEXT PRIMARY KEY,
    kdeg_per_h   REAL NOT NULL CHECK (kdeg_per_h > 0),
    basis        TEXT NOT NULL,
    source       TEXT NOT NULL REFERENCES sources(id)
);

-- fm: fraction of the species' clearance through the enzyme (the rest is
-- taken as unaffected: other enzymes, glucuronidation, renal).
CREATE TABLE clearance_pathways (
    drug         TEXT NOT NULL REFERENCES drugs(name),   -- parent or metabolite
    enzyme       TEXT NOT NULL REFERENCES enzyme_turnover(enzyme),
    fm           REAL NOT NULL CHECK (fm > 0 AND fm <= 1),
    basis        TEXT NOT NULL,
    is_assumed   INTEGER NOT NULL DEFAULT 0,
    source       TEXT NOT NULL REFERENCES sources(id),
    PRIMARY KEY (drug, enzyme)
);

-- eh: fraction of an oral dose's absorbed amount the enzyme extracts on
-- its first pass through the liver at baseline (parents only; the sum over
-- a drug's enzymes below 1). The drug's F (pk_params) is the baseline
-- bioavailability with this extraction included; the engine scales the
-- flux from depot to central by (1 - sum eh a) / (1 - sum eh), a the
-- enzyme's activity relative to baseline (include/cnsim/pk.h).
CREATE TABLE first_pass_extraction (
    drug         TEXT NOT NULL REFERENCES drugs(name),
    enzyme       TEXT NOT NULL REFERENCES enzyme_turnover(enzyme),
    eh           REAL NOT NULL CHECK (eh > 0 AND eh < 1),
    basis        TEXT NOT NULL,
    is_assumed   INTEGER NOT NULL DEFAULT 0,
    source       TEXT NOT NULL REFERENCES sources(id),
    PRIMARY KEY (drug, enzyme)
);

-- kind: competitive (k = Ki), mechanism-based (k = KI, kinact_per_h),
-- induction (k = EC50, emax = maximal fold increase minus 1).
CREATE TABLE enzyme_modulators (
    drug          TEXT NOT NULL REFERENCES drugs(name),  -- parent or metabolite
    enzyme        TEXT NOT NULL REFERENCES enzyme_turnover(enzyme),
    kind          TEXT NOT NULL CHECK (kind IN ('competitive', 'mechanism-based', 'induction')),
    k_total_ng_mL REAL NOT NULL CHECK (k_total_ng_mL > 0),
    kinact_per_h  REAL,
    emax          REAL,
    basis         TEXT NOT NULL,
    is_assumed    INTEGER NOT NULL DEFAULT 0,
    source        TEXT NOT NULL REFERENCES sources(id),
    PRIMARY KEY (drug, enzyme, kind),
    CHECK (kind != 'mechanism-based' OR kinact_per_h > 0),
    CHECK (kind != 'induction' OR emax > 0)
);

INSERT INTO enzyme_turnover VALUES
('CYP3A4', 0.00963, 'Hepatic CYP3A4 degradation half-life 3 days (ln 2 / 72 h), the mean that predicted mechanism-based interactions best (range 1-6 days)', 'galetin2006'),
('CYP2D6', 0.00996, 'CYP2D6 recovery half-life 2.9 days after paroxetine 20 mg/day (ln 2 / 69.6 h): the in vivo turnover of the enzyme a mechanism-based inhibitor inactivated', 'liston2002'),
('CYP2C19', 0.0267, 'Only reversible inhibitors of CYP2C19 are modelled, so its turnover changes nothing here; 26 h half-life taken (ln 2 / 26 h)', 'galetin2006');

INSERT INTO clearance_pathways VALUES
('alprazolam', 'CYP3A4', 0.85, 'Ketoconazole 200 mg bid raised alprazolam AUC 3.98-fold (Greenblatt 1998): with near-complete inhibition fm >= 1 - 1/3.98 = 0.75; 0.85 reproduces 3.98 with the calibrated ketoconazole constant (Ohno 2007 contribution-ratio approach); the remainder is unaffected', 0, 'greenblatt1998'),
('clonazepam', 'CYP3A4', 0.25, 'CYP3A4 nitroreduction: inducers lower clonazepam levels by about 30% (label; CL x1.43); with the model''s induced CYP3A4 (about x2.8 at carbamazepine 800 mg/day) fm = 0.43 / 1.8 = 0.24, rounded to 0.25', 0, 'klonopin-label'),
('diazepam', 'CYP2C19', 0.50, 'N-demethylation by CYP2C19 and CYP3A4; fluvoxamine (inhibiting both) cut diazepam clearance by 65% (label); the 0.50 / 0.40 split is assumed (both pathways of similar size in vitro) so that both inhibited give that fall', 1, 'luvox-label'),
('diazepam', 'CYP3A4', 0.40, 'See CYP2C19; 3-hydroxylation to temazepam and part of N-demethylation', 1, 'luvox-label'),
('oxycodone', 'CYP3A4', 0.60, 'N-demethylation to noroxycodone is the main route (Lalovic 2006); itraconazole raised oral oxycodone AUC 2.4-fold (Saari 2010), so fm >= 0.58', 0, 'lalovic2006'),
('oxycodone', 'CYP2D6', 0.10, 'O-demethylation to oxymorphone, about 11% of the dose (Lalovic 2006)', 0, 'lalovic2006'),
('escitalopram', 'CYP2C19', 0.33, 'In vitro shares 37/28/35% (CYP2C19/2D6/3A4) scaled by 0.9 for the renal and other share', 0, 'vonmoltke2001'),
('escitalopram', 'CYP2D6', 0.25, 'See CYP2C19', 0, 'vonmoltke2001'),
('escitalopram', 'CYP3A4', 0.32, 'See CYP2C19', 0, 'vonmoltke2001'),
('citalopram', 'CYP2C19', 0.33, 'R- and S-citalopram share the same enzymes (von Moltke 2001); shares as escitalopram', 0, 'vonmoltke2001'),
('citalopram', 'CYP2D6', 0.25, 'See CYP2C19', 0, 'vonmoltke2001'),
('citalopram', 'CYP3A4', 0.32, 'See CYP2C19', 0, 'vonmoltke2001'),
('sertraline', 'CYP2C19', 0.20, 'Several enzymes, none dominant (Obach 2005; CYP2B6 the largest, not modelled); shares assumed', 1, 'obach2005'),
('sertraline', 'CYP3A4', 0.20, 'See CYP2C19', 1, 'obach2005'),
('sertraline', 'CYP2D6', 0.10, 'See CYP2C19', 1, 'obach2005'),
('fluoxetine', 'CYP2D6', 0.80, 'N-demethylation to norfluoxetine by CYP2D6 is the main route (label; the same 0.8 as the metabolite fraction); with the competitive constants of fluoxetine and norfluoxetine it reproduces the label half-lives, 1-3 days after one dose and 4-6 days after chronic dosing', 1, 'prozac-label'),
('paroxetine', 'CYP2D6', 0.40, 'Fitted with the first pass and the inactivation constants (data/20_ssris.sql, paroxetine note) on Shi 2012 (single dose) and the label steady state; CYP2D6 carries the saturable, high-affinity part of paroxetine clearance and poor metabolisers clear it more slowly and linearly (Sindrup 1992); the rest (CYP3A4, others) unaffected', 0, 'sindrup1992'),
('carbamazepine', 'CYP3A4', 0.75, 'CYP3A4 10,11-epoxidation is the main pathway (Kerr 1994); 0.75 with the induction constants reproduces the fall of half-life from about 35 h to 15 h (Bertilsson 1980; label 25-65 h single dose, 12-17 h repeated)', 1, 'kerr1994');

INSERT INTO first_pass_extraction VALUES
('paroxetine', 'CYP2D6', 0.74, 'Completely absorbed (label) with F about 0.26 after a single dose: fitted with the CYP2D6 clearance fraction and the inactivation constants so that single-dose exposure (Shi 2012: 20 mg, Cmax 5.4 ng/mL, AUC 121.5 ng h/mL) and the label steady state (30 mg/day: Cmax 61.7, Cmin 30.7 ng/mL, t1/2 21 h) are both met; the partly saturable first pass of Kaye 1989, here as CYP2D6 inactivation', 0, 'kaye1989');

INSERT INTO enzyme_modulators VALUES
('ketoconazole', 'CYP3A4', 'competitive', 110, NULL, NULL, 'In vivo Ki calibrated so ketoconazole 200 mg bid gives alprazolam AUC x3.98 (Greenblatt 1998) with fm 0.85; about 0.0021 uM unbound (in vitro Ki about 0.015 uM unbound: in vivo the liver concentrates ketoconazole)', 0, 'greenblatt1998'),
('itraconazole', 'CYP3A4', 'competitive', 440, NULL, NULL, 'In vivo Ki calibrated so itraconazole 200 mg/day (6 days) gives alprazolam AUC x2.7 (Yasui 1998) with fm 0.85; lumps the inhibition by hydroxy-itraconazole (not modelled as a species)', 0, 'yasui1998'),
('fluvoxamine', 'CYP3A4', 'competitive', 72, NULL, NULL, 'In vivo Ki calibrated so fluvoxamine 100 mg/day at steady state doubles alprazolam exposure (label: AUC, Cmax and t1/2 about twice alone)', 0, 'luvox-label'),
('fluvoxamine', 'CYP2C19', 'competitive', 60, NULL, NULL, 'In vivo Ki calibrated so fluvoxamine 150 mg/day cuts diazepam clearance by 65% (label) with the CYP3A4 term above; fluvoxamine is a strong CYP2C19 inhibitor (FDA table)', 0, 'luvox-label'),
('fluoxetine', 'CYP2D6', 'competitive', 120, NULL, NULL, 'In vivo Ki, fitted with norfluoxetine''s and fluoxetine''s CYP2D6 fraction (0.8) so that fluoxetine''s half-life is 1-3 days after a single 40 mg dose and 4-6 days after 40 mg/day for 30 days (label; both over the 2 weeks after the last dose), keeping the label steady-state levels; fluoxetine is a strong CYP2D6 inhibitor (FDA table)', 0, 'prozac-label'),
('norfluoxetine', 'CYP2D6', 'competitive', 14, NULL, NULL, 'In vivo Ki, fitted with the fluoxetine row; norfluoxetine, at about 100 ng/mL on 40 mg/day and with a 9-day half-life, carries the inhibition that outlasts fluoxetine (CYP2D6 inhibition after stopping fluoxetine decays with half-life 7.0 days, Liston 2002; the model''s inhibition, 1 - E/(1 + sum C/Ki), decays more slowly, half-life about 12-25 days after 20 mg/day for 28 days, and is not fitted to it)', 0, 'liston2002'),
('norfluoxetine', 'CYP3A4', 'competitive', 170, NULL, NULL, 'In vivo Ki (norfluoxetine carries the CYP3A4 inhibition of fluoxetine therapy) calibrated so fluoxetine 20 mg/day at steady state cuts alprazolam clearance by 21% (Xanax label: Cmax +46%, clearance -21%); the dose of the label study is not stated there', 1, 'xanax-label'),
('clarithromycin', 'CYP3A4', 'mechanism-based', 13700, 4.32, NULL, 'In vitro KI 5.49 uM and kinact 0.072 per min (Mayhew 2000) converted to total plasma concentration with fu 0.3 and MW 748 g/mol (5.49 x 748 / 0.3 = 13700 ng/mL); no calibration. Predicts oxycodone x2.4 where Liukas 2011 measured x2.0-2.3', 0, 'mayhew2000'),
('paroxetine', 'CYP2D6', 'mechanism-based', 1000, 2.1, NULL, 'In vivo constants, fitted with paroxetine''s own CYP2D6 clearance and first pass (data/20_ssris.sql) on the single-dose (Shi 2012) and steady-state (label) exposure; only kinact/KI = 0.0021 mL/ng/h is identified (plasma levels stay far below KI). At 20 mg/day (about 20 ng/mL) about 80% of CYP2D6 is inactivated at steady state (most normal metabolisers become poor-metaboliser phenotype), and recovery follows the enzyme''s 2.9-day turnover (Liston 2002). The in vitro KI and kinact of Bertelsen 2003 could not be confirmed here and are not used. Former values (60 ng/mL, 1.0/h) were assumed', 0, 'liston2002'),
('carbamazepine', 'CYP3A4', 'induction', 2900, NULL, 2.5, 'Calibrated on autoinduction: carbamazepine clearance rises from the single-dose value (t1/2 about 35 h) to about 2.3-fold at 800 mg/day (t1/2 15 h, label 12-17 h) over 3-4 weeks (Bertilsson 1980); checked against alprazolam AUC x0.45 with carbamazepine 300 mg/day (Furukori 1998)', 0, 'bertilsson1980');

-- What a user is told about the azoles' pairs (data/70_interactions.sql,
-- pk_interactions; the size of the effect is simulated).
INSERT INTO pk_interactions VALUES
('ketoconazole', 'alprazolam', 0.25, 'contraindication',
 'Strong reversible CYP3A4 inhibition: alprazolam clearance falls to about a quarter, half-life about 4-fold',
 'Xanax and Nizoral labels: contraindicated together; choose a benzodiazepine not cleared by CYP3A4 (lorazepam, oxazepam)',
 'Greenblatt 1998: ketoconazole 200 mg bid raised alprazolam AUC 3.98-fold -> CL x0.25', 0, 'greenblatt1998'),
('itraconazole', 'alprazolam', 0.37, 'contraindication',
 'Strong CYP3A4 inhibition by itraconazole and hydroxy-itraconazole slows alprazolam oxidation',
 'Xanax label: contraindicated with potent CYP3A inhibitors such as itraconazole; choose lorazepam or oxazepam',
 'Yasui 1998: itraconazole 200 mg/day raised alprazolam AUC 2.7-fold -> CL x0.37', 0, 'yasui1998'),
('itraconazole', 'oxycodone', 0.42, 'major',
 'Strong CYP3A4 inhibition slows oxycodone N-demethylation: higher and longer oxycodone levels',
 'Roxicodone boxed warning: monitor closely for respiratory depression and sedation; consider an oxycodone dose reduction',
 'Saari 2010: itraconazole 200 mg/day raised oral oxycodone AUC 2.4-fold -> CL x0.42', 0, 'saari2010'),
('ketoconazole', 'oxycodone', NULL, 'major',
 'Strong CYP3A4 inhibition slows oxycodone N-demethylation: higher and longer oxycodone levels',
 'Roxicodone boxed warning: monitor closely for respiratory depression and sedation; consider an oxycodone dose reduction',
 'Label: ketoconazole raises oxycodone exposure; simulated from ketoconazole''s CYP3A4 inhibition', 1, 'roxicodone-label');
