-- Published checks run by `cnsim validate` (include/cnsim/validate.h,
-- src/population/validate.c): each row is a figure from a label or a
-- paper, the regimen it was measured under, and the tolerance the
-- simulated value must meet. The simulated value always comes from a
-- simulation through the model/run API, never from the parameter tables.
--
-- Tolerance policy (docs/validation.md), fixed before the checks were run:
--   - a published range ("1-4 h", "30-40 h"): its centre, absolute
--     tolerance = half its width;
--   - a published mean: +/-25% (relative 0.25) for exposure (Cmax, Cmin,
--     Cavg, AUC) and half-lives, +/-20% for accumulation ratios and
--     metabolite/parent ratios, +/-35% for a mean Tmax (sampling times are
--     coarse near the peak);
--   - PET occupancy: +/-8 percentage points (between-subject SD of SERT
--     occupancy at a fixed dose, Meyer 2004), BZD-site occupancy +/-4 points
--     (a quarter of the small published value);
--   - trial response rates: +/-10 percentage points (between-trial spread,
--     Walsh 2002); risk ratios: the distance from the published estimate to
--     the lower limit of its 95% confidence interval.
-- window_h (NCA t_half only): the half-life is the terminal log-linear slope
-- of the concentrations sampled from the last dose to window_h after it, as
-- in the study; NULL: the summary's washout over 10 half-lives.
--
-- Left out because the model cannot meet them with a sourced change yet
-- (never by a wider tolerance):
--   - oxycodone 5 mg q6h steady-state Cmax 15.7 and Cmin 7.4 ng/mL
--     (oxycodone-ir-label Table 2; model 10.9 and 5.1 with the PK refitted
--     on the label's single doses and Cavg, which are checked below): the
--     peak is 2.1 times a single 5 mg dose's, an accumulation that needs a
--     6.4 h half-life, about twice the label's own 3.55-3.85 h.
--
-- ddi_auc_ratio rows (victim drug/regimen, perpetrator drug2/regimen2,
-- metric auc_ratio) are added once the mechanistic interaction engine has
-- landed; the kind is implemented and unit-tested (tests/population/test_validate.c).

CREATE TABLE validation_checks (
    name             TEXT PRIMARY KEY,
    kind             TEXT NOT NULL CHECK (kind IN ('nca', 'ddi_auc_ratio', 'occupancy', 'withdrawal', 'trial_response')),
    drug             TEXT NOT NULL REFERENCES drugs(name),
    species          TEXT REFERENCES drugs(name),   -- nca: drug or metabolite measured
    regimen          TEXT NOT NULL,
    drug2            TEXT REFERENCES drugs(name),   -- ddi perpetrator, trial bridge drug
    regimen2         TEXT,
    metric           TEXT NOT NULL,
    published        REAL NOT NULL,
    tolerance_kind   TEXT NOT NULL CHECK (tolerance_kind IN ('relative', 'absolute')),
    tolerance        REAL NOT NULL CHECK (tolerance >= 0),
    units            TEXT NOT NULL,
    window_h         REAL,
    source           TEXT NOT NULL REFERENCES sources(id),
    note             TEXT NOT NULL,
    patient          TEXT             -- the studied patients as --patient reads them; NULL: reference adult
);

INSERT INTO sources (id, authors, year, title, journal_or_label, pmid, doi, url, note) VALUES
('kaplan1974', 'Kaplan SA et al.', 1974, 'Pharmacokinetic profile of clonazepam in dog and man and of its 7-amino metabolite in man', 'J Pharm Sci 63(4):527-532', NULL, NULL, NULL, 'Single 2 mg oral dose: peak clonazepam 6.5-13.5 ng/mL at 1-4 h.'),
('winek1984', 'Winek CL, Murphy KL', 1984, 'The rate and kinetic order of ethanol elimination', 'Forensic Sci Int 25(3):159-166', '6745819', '10.1016/0379-0738(84)90189-0', NULL, 'Zero-order elimination after the peak; social drinkers 15 +/- 4 mg/dL/h, non-drinkers 12 +/- 4, alcoholics 30 +/- 9 mg/dL/h.');

INSERT INTO validation_checks (name, kind, drug, species, regimen, drug2, regimen2, metric, published, tolerance_kind, tolerance, units, window_h, source, note) VALUES
('clonazepam 2 mg single dose: Cmax', 'nca', 'clonazepam', 'clonazepam', '2 mg once', NULL, NULL, 'cmax_ng_mL', 10, 'absolute', 3.5, 'ng/mL', NULL, 'kaplan1974', 'Published range 6.5-13.5 ng/mL.'),
('clonazepam 1 mg single dose: Tmax', 'nca', 'clonazepam', 'clonazepam', '1 mg once', NULL, NULL, 'tmax_h', 2.5, 'absolute', 1.5, 'h', NULL, 'klonopin-label', 'Label: peak 1-4 h after an oral dose.'),
('clonazepam 1 mg single dose: terminal half-life', 'nca', 'clonazepam', 'clonazepam', '1 mg once', NULL, NULL, 't_half_h', 35, 'absolute', 5, 'h', NULL, 'klonopin-label', 'Label: typically 30-40 h.'),
('clonazepam 0.5 mg once daily: accumulation', 'nca', 'clonazepam', 'clonazepam', '0.5 mg qd for 28 d', NULL, NULL, 'accumulation_ratio', 3, 'relative', 0.2, 'ratio', NULL, 'rivotril-smpc', 'SmPC: predicted accumulation x3 once daily.'),
('clonazepam 0.5 mg twice daily: accumulation', 'nca', 'clonazepam', 'clonazepam', '0.5 mg bid for 28 d', NULL, NULL, 'accumulation_ratio', 5, 'relative', 0.2, 'ratio', NULL, 'rivotril-smpc', 'SmPC: x5 twice daily.'),
('clonazepam 0.5 mg three times daily: accumulation', 'nca', 'clonazepam', 'clonazepam', '0.5 mg tid for 28 d', NULL, NULL, 'accumulation_ratio', 7, 'relative', 0.2, 'ratio', NULL, 'rivotril-smpc', 'SmPC: x7 three times daily.'),
('7-aminoclonazepam at 6 mg/day: ratio to clonazepam', 'nca', 'clonazepam', '7-aminoclonazepam', '2 mg tid for 28 d', NULL, NULL, 'ratio_to_parent', 1.0, 'relative', 0.2, 'ratio', NULL, 'sjo1975', 'Mean steady-state plasma 7-aminoclonazepam about equal to clonazepam at 6 mg/day (both ~50 ng/mL).'),
('clonazepam 0.5 mg bid 4 weeks, abrupt stop: withdrawal onset', 'withdrawal', 'clonazepam', NULL, '0.5 mg bid for 28 d', NULL, NULL, 'withdrawal_onset_day', 2.5, 'absolute', 1.5, 'days', NULL, 'ashton2002', 'Rebound symptoms 1-4 days after stopping; later with long half-life drugs.'),
('diazepam 10 mg single dose: Cmax', 'nca', 'diazepam', 'diazepam', '10 mg once', NULL, NULL, 'cmax_ng_mL', 406, 'relative', 0.25, 'ng/mL', NULL, 'greenblatt1989', 'Mean of 48 healthy men.'),
('diazepam 10 mg single dose: terminal half-life', 'nca', 'diazepam', 'diazepam', '10 mg once', NULL, NULL, 't_half_h', 44.2, 'relative', 0.25, 'h', NULL, 'greenblatt1989', 'Mean of 48 healthy men, sampled over 11 days.'),
('diazepam 10 mg single dose: Tmax', 'nca', 'diazepam', 'diazepam', '10 mg once', NULL, NULL, 'tmax_h', 1.25, 'absolute', 0.25, 'h', NULL, 'valium-label', 'Label: average time to peak 1-1.5 h.'),
('desmethyldiazepam after diazepam 10 mg: terminal half-life', 'nca', 'diazepam', 'desmethyldiazepam', '10 mg once', NULL, NULL, 't_half_h', 118, 'absolute', 82, 'h', NULL, 'ashton2002', 'Ashton: 36-200 h.'),
('diazepam 10 mg once daily: terminal half-life at steady state', 'nca', 'diazepam', 'diazepam', '10 mg qd for 28 d', NULL, NULL, 't_half_h', 60, 'absolute', 40, 'h', NULL, 'ashton2002', 'Ashton: 20-100 h.'),
('alprazolam 0.5 mg single dose: Cmax', 'nca', 'alprazolam', 'alprazolam', '0.5 mg once', NULL, NULL, 'cmax_ng_mL', 8.0, 'relative', 0.25, 'ng/mL', NULL, 'xanax-label', 'Label: peak 8.0 ng/mL at 0.5 mg (8.0-37 ng/mL over 0.5-3 mg, proportional to dose).'),
('alprazolam 3 mg single dose: Cmax', 'nca', 'alprazolam', 'alprazolam', '3 mg once', NULL, NULL, 'cmax_ng_mL', 37, 'relative', 0.25, 'ng/mL', NULL, 'xanax-label', 'Label: peak 37 ng/mL at 3 mg.'),
('alprazolam 1 mg single dose: terminal half-life', 'nca', 'alprazolam', 'alprazolam', '1 mg once', NULL, NULL, 't_half_h', 11.2, 'relative', 0.25, 'h', NULL, 'xanax-label', 'Label: mean 11.2 h (6.3-26.9) in healthy adults.'),
('alprazolam 1 mg single dose: Tmax', 'nca', 'alprazolam', 'alprazolam', '1 mg once', NULL, NULL, 'tmax_h', 1.5, 'absolute', 0.5, 'h', NULL, 'xanax-label', 'Label: peak 1-2 h after dosing.'),
('alprazolam 1 mg bid: BZD-site occupancy', 'occupancy', 'alprazolam', NULL, '1 mg bid for 10 d', NULL, NULL, 'bzd_occupancy_pct', 16, 'absolute', 4, '%', NULL, 'fujita1999', 'SPECT: 16% occupancy at 2 mg/day.'),
('alprazolam 0.5 mg bid 4 weeks, abrupt stop: withdrawal onset', 'withdrawal', 'alprazolam', NULL, '0.5 mg bid for 28 d', NULL, NULL, 'withdrawal_onset_day', 1, 'absolute', 1, 'days', NULL, 'ashton2002', 'Short-acting drugs: withdrawal within 24-48 h of stopping.'),
('lorazepam 2 mg single dose: Cmax', 'nca', 'lorazepam', 'lorazepam', '2 mg once', NULL, NULL, 'cmax_ng_mL', 20, 'relative', 0.25, 'ng/mL', NULL, 'ativan-label', 'Label: peak about 20 ng/mL about 2 h after 2 mg.'),
('lorazepam 2 mg single dose: Tmax', 'nca', 'lorazepam', 'lorazepam', '2 mg once', NULL, NULL, 'tmax_h', 2, 'relative', 0.35, 'h', NULL, 'ativan-label', 'Label: about 2 h.'),
('lorazepam 2 mg single dose: terminal half-life', 'nca', 'lorazepam', 'lorazepam', '2 mg once', NULL, NULL, 't_half_h', 12, 'relative', 0.25, 'h', NULL, 'ativan-label', 'Label: about 12 h.'),
('lorazepam 1 mg bid 4 weeks, abrupt stop: withdrawal onset', 'withdrawal', 'lorazepam', NULL, '1 mg bid for 28 d', NULL, NULL, 'withdrawal_onset_day', 1, 'absolute', 1, 'days', NULL, 'ashton2002', 'Short/intermediate half-life: withdrawal within 24-48 h of stopping.'),
('oxazepam 15 mg single dose: terminal half-life', 'nca', 'oxazepam', 'oxazepam', '15 mg once', NULL, NULL, 't_half_h', 8.2, 'relative', 0.25, 'h', NULL, 'oxazepam-label', 'Label: mean 8.2 h (5.7-10.9).'),
('oxazepam 15 mg single dose: Tmax', 'nca', 'oxazepam', 'oxazepam', '15 mg once', NULL, NULL, 'tmax_h', 3, 'absolute', 1, 'h', NULL, 'oxazepam-label', 'Label: peak about 2-4 h.'),
('chlordiazepoxide 25 mg single dose: terminal half-life', 'nca', 'chlordiazepoxide', 'chlordiazepoxide', '25 mg once', NULL, NULL, 't_half_h', 17.5, 'absolute', 12.5, 'h', NULL, 'ashton2002', 'Ashton: 5-30 h (parent).'),
('chlordiazepoxide 25 mg single dose: Tmax', 'nca', 'chlordiazepoxide', 'chlordiazepoxide', '25 mg once', NULL, NULL, 'tmax_h', 2.5, 'absolute', 1.5, 'h', NULL, 'librium-label', 'Label: peak 1-4 h.'),
('chlordiazepoxide 50 mg once daily: desmethylchlordiazepoxide trough over the parent''s', 'nca', 'chlordiazepoxide', 'desmethylchlordiazepoxide', '50 mg qd for 14 d', NULL, NULL, 'trough_ratio_to_parent', 2.5, 'absolute', 1.5, 'ratio', NULL, 'cdx-multidose1978', 'Three volunteers on 50 mg once daily: minimum steady-state concentrations of desmethylchlordiazepoxide exceeded the parent''s. The abstract gives no figure: 2.5 +/- 1.5 reads it as above 1 and of the same order.'),
('chlordiazepoxide 50 mg once daily: demoxepam trough over the parent''s', 'nca', 'chlordiazepoxide', 'demoxepam', '50 mg qd for 14 d', NULL, NULL, 'trough_ratio_to_parent', 2.5, 'absolute', 1.5, 'ratio', NULL, 'cdx-multidose1978', 'Same study: demoxepam troughs also exceeded the parent''s (no figure given; read as 1-4).'),
('chlordiazepoxide 25 mg tid 14 d: demoxepam accumulation', 'nca', 'chlordiazepoxide', 'demoxepam', '25 mg tid for 14 d', NULL, NULL, 't_half_h', 45, 'absolute', 31, 'h', NULL, 'cdx-multidose1978', 'Accumulation half-lives of demoxepam 21.1, 34.2 and 78.5 h (three volunteers); 14-95 h reported (Greenblatt 1978). The model''s washout half-life after two weeks.'),
('chlordiazepoxide 25 mg tid 14 d: desmethylchlordiazepoxide half-life', 'nca', 'chlordiazepoxide', 'desmethylchlordiazepoxide', '25 mg tid for 14 d', NULL, NULL, 't_half_h', 14, 'absolute', 4.5, 'h', NULL, 'cdx-multidose1978', 'Accumulation half-lives 9.9, 15.8 and 17.7 h; Greenblatt 1978 reports 10-18 h.'),
('chlordiazepoxide 25 mg tid 28 d: desmethyldiazepam level', 'nca', 'chlordiazepoxide', 'desmethyldiazepam', '25 mg tid for 28 d', NULL, NULL, 'ratio_to_parent', 0.5, 'absolute', 0.45, 'ratio', NULL, 'greenblatt1978', 'Desmethyldiazepam appears during long-term chlordiazepoxide therapy (Greenblatt 1978: two or more active metabolites accumulate, variably); no ratio is given, so the check only bounds it below the parent''s level and above 5% of it. Its fraction formed (0.3) is assumed (data/10_benzodiazepines.sql).'),
('chlordiazepoxide 25 mg/day 3 months, abrupt stop: withdrawal onset', 'withdrawal', 'chlordiazepoxide', NULL, '12.5 mg bid for 91 d', NULL, NULL, 'withdrawal_onset_day', 4.5, 'absolute', 2.5, 'days', NULL, 'ashton2002', 'Long-acting benzodiazepines (active metabolites): withdrawal 2-7 days after stopping, later than short-acting ones (24-48 h). 25 mg/day is Ashton''s equivalent of alprazolam 0.5 mg. After only 4 weeks (10 mg tid) the model puts the onset later, at 10 days: its desmethyldiazepam is still accumulating then.'),
('fluoxetine 40 mg single dose: Cmax', 'nca', 'fluoxetine', 'fluoxetine', '40 mg once', NULL, NULL, 'cmax_ng_mL', 35, 'absolute', 20, 'ng/mL', NULL, 'prozac-label', 'Label: 15-55 ng/mL after a single 40 mg dose.'),
('fluoxetine 40 mg single dose: Tmax', 'nca', 'fluoxetine', 'fluoxetine', '40 mg once', NULL, NULL, 'tmax_h', 7, 'absolute', 1, 'h', NULL, 'prozac-label', 'Label: 6-8 h.'),
('fluoxetine 40 mg/day for 30 days: plasma concentration', 'nca', 'fluoxetine', 'fluoxetine', '40 mg qd for 30 d', NULL, NULL, 'cavg_ng_mL', 196.5, 'absolute', 105.5, 'ng/mL', NULL, 'prozac-label', 'Label: 91-302 ng/mL after 30 days at 40 mg/day.'),
('norfluoxetine at fluoxetine 40 mg/day for 30 days: plasma concentration', 'nca', 'fluoxetine', 'norfluoxetine', '40 mg qd for 30 d', NULL, NULL, 'cavg_ng_mL', 165, 'absolute', 93, 'ng/mL', NULL, 'prozac-label', 'Label: 72-258 ng/mL.'),
('fluoxetine 40 mg single dose: terminal half-life', 'nca', 'fluoxetine', 'fluoxetine', '40 mg once', NULL, NULL, 't_half_h', 48, 'absolute', 24, 'h', 336, 'prozac-label', 'Label: 1-3 days after acute administration. Sampled over the 2 weeks after the dose (window assumed, the label does not give it): with CYP2D6 autoinhibition the half-life depends on the concentrations, and over the summary''s 10-half-life washout the last points lie where fluoxetine and norfluoxetine no longer inhibit, so single and chronic dosing would end on the same uninhibited slope.'),
('fluoxetine chronic dosing: terminal half-life', 'nca', 'fluoxetine', 'fluoxetine', '40 mg qd for 30 d', NULL, NULL, 't_half_h', 120, 'absolute', 24, 'h', 336, 'prozac-label', 'Label: 4-6 days after chronic administration. Sampled over the 2 weeks after the last dose (window assumed, as for the single dose, for the same reason).'),
('norfluoxetine: terminal half-life', 'nca', 'fluoxetine', 'norfluoxetine', '40 mg qd for 30 d', NULL, NULL, 't_half_h', 240, 'absolute', 144, 'h', NULL, 'prozac-label', 'Label: 4-16 days after acute or chronic administration.'),
('fluoxetine 20 mg/day: SERT occupancy', 'occupancy', 'fluoxetine', NULL, '20 mg qd for 28 d', NULL, NULL, 'sert_occupancy_pct', 79, 'absolute', 8, '%', NULL, 'sorensen2022', 'Emax-ED50 fit to PET studies (striatum): 79% at 20 mg/day.'),
('sertraline 200 mg/day for 14 days: Cmax', 'nca', 'sertraline', 'sertraline', '200 mg qd for 14 d', NULL, NULL, 'cmax_ng_mL', 190, 'relative', 0.25, 'ng/mL', NULL, 'zoloft-label', 'Label: mean steady-state peak about 190 ng/mL at 200 mg/day.'),
('sertraline 200 mg/day for 14 days: Tmax', 'nca', 'sertraline', 'sertraline', '200 mg qd for 14 d', NULL, NULL, 'tmax_h', 6.45, 'absolute', 1.95, 'h', NULL, 'zoloft-label', 'Label: 4.5-8.4 h after dosing.'),
('sertraline: terminal half-life', 'nca', 'sertraline', 'sertraline', '50 mg qd for 28 d', NULL, NULL, 't_half_h', 26, 'relative', 0.25, 'h', NULL, 'zoloft-label', 'Label: mean terminal half-life about 26 h.'),
('sertraline once daily: accumulation', 'nca', 'sertraline', 'sertraline', '50 mg qd for 28 d', NULL, NULL, 'accumulation_ratio', 2, 'relative', 0.2, 'ratio', NULL, 'zoloft-label', 'Label: about 2-fold accumulation.'),
('sertraline 50 mg/day: SERT occupancy', 'occupancy', 'sertraline', NULL, '50 mg qd for 28 d', NULL, NULL, 'sert_occupancy_pct', 80, 'absolute', 8, '%', NULL, 'sorensen2022', 'Emax-ED50 fit: 80% at 50 mg/day.'),
('paroxetine 20 mg single dose: terminal half-life', 'nca', 'paroxetine', 'paroxetine', '20 mg once', NULL, NULL, 't_half_h', 12.0, 'relative', 0.25, 'h', NULL, 'shi2012', 'Reference tablet, sampled to 96 h.'),
('paroxetine 20 mg single dose: Cmax', 'nca', 'paroxetine', 'paroxetine', '20 mg once', NULL, NULL, 'cmax_ng_mL', 5.4, 'relative', 0.25, 'ng/mL', NULL, 'shi2012', 'Reference tablet. Fitted (with the steady-state checks below): paroxetine''s CYP2D6 first pass, clearance and mechanism-based inactivation, data/72_enzyme_kinetics.sql.'),
('paroxetine 20 mg single dose: AUC', 'nca', 'paroxetine', 'paroxetine', '20 mg once', NULL, NULL, 'auc_ng_h_mL', 121.5, 'relative', 0.25, 'ng*h/mL', NULL, 'shi2012', 'Reference tablet, AUC to infinity. Fitted, as the Cmax.'),
('paroxetine 20 mg single dose: Tmax', 'nca', 'paroxetine', 'paroxetine', '20 mg once', NULL, NULL, 'tmax_h', 5.35, 'relative', 0.35, 'h', NULL, 'shi2012', 'Reference tablet.'),
('paroxetine 30 mg/day for 30 days: Cmax', 'nca', 'paroxetine', 'paroxetine', '30 mg qd for 30 d', NULL, NULL, 'cmax_ng_mL', 61.7, 'relative', 0.25, 'ng/mL', NULL, 'paxil-label', 'Label: steady-state Cmax 61.7 ng/mL (CV 45%), 15 men.'),
('paroxetine 30 mg/day for 30 days: Cmin', 'nca', 'paroxetine', 'paroxetine', '30 mg qd for 30 d', NULL, NULL, 'cmin_ng_mL', 30.7, 'relative', 0.25, 'ng/mL', NULL, 'paxil-label', 'Label: steady-state Cmin 30.7 ng/mL (CV 67%).'),
('paroxetine 30 mg/day for 30 days: Tmax', 'nca', 'paroxetine', 'paroxetine', '30 mg qd for 30 d', NULL, NULL, 'tmax_h', 5.2, 'relative', 0.35, 'h', NULL, 'paxil-label', 'Label: 5.2 h (CV 10%).'),
('paroxetine 30 mg/day for 30 days: terminal half-life', 'nca', 'paroxetine', 'paroxetine', '30 mg qd for 30 d', NULL, NULL, 't_half_h', 21, 'relative', 0.25, 'h', 48, 'paxil-label', 'Label: 21.0 h (CV 32%) at steady state; sampled over the 48 h after the last dose (window assumed, the label does not give it).'),
('paroxetine 20 mg/day: SERT occupancy', 'occupancy', 'paroxetine', NULL, '20 mg qd for 21 d', NULL, NULL, 'sert_occupancy_pct', 83, 'absolute', 8, '%', NULL, 'meyer2001', '[11C]DASB PET in depressed patients: 83% at 20 mg/day.'),
('citalopram: terminal half-life', 'nca', 'citalopram', 'citalopram', '20 mg qd for 28 d', NULL, NULL, 't_half_h', 35, 'relative', 0.25, 'h', NULL, 'celexa-label', 'Label: about 35 h.'),
('citalopram 20 mg/day: Tmax', 'nca', 'citalopram', 'citalopram', '20 mg qd for 28 d', NULL, NULL, 'tmax_h', 4, 'relative', 0.35, 'h', NULL, 'celexa-label', 'Label: peak about 4 h after dosing.'),
('citalopram once daily: accumulation', 'nca', 'citalopram', 'citalopram', '20 mg qd for 28 d', NULL, NULL, 'accumulation_ratio', 2.5, 'relative', 0.2, 'ratio', NULL, 'celexa-label', 'Label: steady-state levels about 2.5 times those after a single dose.'),
('citalopram 20 mg/day: SERT occupancy', 'occupancy', 'citalopram', NULL, '20 mg qd for 21 d', NULL, NULL, 'sert_occupancy_pct', 77, 'absolute', 8, '%', NULL, 'meyer2001', '[11C]DASB PET: 77% at 20 mg/day.'),
('escitalopram: terminal half-life', 'nca', 'escitalopram', 'escitalopram', '10 mg qd for 28 d', NULL, NULL, 't_half_h', 29.5, 'absolute', 2.5, 'h', NULL, 'lexapro-label', 'Label: 27-32 h.'),
('escitalopram 10 mg/day: Tmax', 'nca', 'escitalopram', 'escitalopram', '10 mg qd for 28 d', NULL, NULL, 'tmax_h', 5, 'relative', 0.35, 'h', NULL, 'lexapro-label', 'Label: peak about 5 h after dosing.'),
('escitalopram once daily: accumulation', 'nca', 'escitalopram', 'escitalopram', '10 mg qd for 28 d', NULL, NULL, 'accumulation_ratio', 2.35, 'absolute', 0.15, 'ratio', NULL, 'lexapro-label', 'Label: steady-state levels 2.2-2.5 times those after a single dose.'),
('escitalopram 10 mg/day: SERT occupancy', 'occupancy', 'escitalopram', NULL, '10 mg qd for 14 d', NULL, NULL, 'sert_occupancy_pct', 80, 'absolute', 8, '%', NULL, 'meyer2004', 'About 80% at the minimum therapeutic doses of the SSRIs in striatum (Meyer 2004; escitalopram 10 mg/day 81.5% 6 h after the dose on day 10, Klein 2007). Replaces the Sorensen 2022 thalamus fit (65%): the thalamus has the lowest occupancies of the regions (Baldinger 2014), see data/40_pd.sql.'),
('fluvoxamine 100 mg/day for 10 days: Cmax', 'nca', 'fluvoxamine', 'fluvoxamine', '50 mg bid for 10 d', NULL, NULL, 'cmax_ng_mL', 88, 'relative', 0.25, 'ng/mL', NULL, 'luvox-label', 'Label dose-proportionality study (30 volunteers): steady-state peak 88 ng/mL at 100 mg/day.'),
('fluvoxamine 200 mg/day for 10 days: Cmax', 'nca', 'fluvoxamine', 'fluvoxamine', '100 mg bid for 10 d', NULL, NULL, 'cmax_ng_mL', 283, 'relative', 0.25, 'ng/mL', NULL, 'luvox-label', 'Label: 283 ng/mL at 200 mg/day.'),
('fluvoxamine 300 mg/day for 10 days: Cmax', 'nca', 'fluvoxamine', 'fluvoxamine', '150 mg bid for 10 d', NULL, NULL, 'cmax_ng_mL', 546, 'relative', 0.25, 'ng/mL', NULL, 'luvox-label', 'Label: 546 ng/mL at 300 mg/day.'),
('fluvoxamine 100 mg/day: half-life at steady state', 'nca', 'fluvoxamine', 'fluvoxamine', '50 mg bid for 10 d', NULL, NULL, 't_half_h', 15.6, 'relative', 0.25, 'h', 96, 'luvox-label', 'Label: mean 15.6 h at steady state after 100 mg/day.'),
('fluvoxamine 200 mg/day: half-life 12-48 h after stopping', 'nca', 'fluvoxamine', 'fluvoxamine', '100 mg bid for 7 d', NULL, NULL, 't_half_h', 32.1, 'relative', 0.25, 'h', 48, 'spigset1998', 'Spigset 1998: 32.1 +/- 11.0 h from the concentrations 12-48 h after stopping 200 mg/day.'),
('fluvoxamine 100 mg/day: Tmax', 'nca', 'fluvoxamine', 'fluvoxamine', '50 mg bid for 10 d', NULL, NULL, 'tmax_h', 5.5, 'absolute', 2.5, 'h', NULL, 'luvox-label', 'Label: peak 3-8 h after dosing.'),
('oxycodone 15 mg single dose: Cmax', 'nca', 'oxycodone', 'oxycodone', '15 mg once', NULL, NULL, 'cmax_ng_mL', 22.6, 'relative', 0.25, 'ng/mL', NULL, 'oxycodone-ir-label', 'Table 2, 15 mg tablet (dose of the hydrochloride, as labelled).'),
('oxycodone 15 mg single dose: AUC', 'nca', 'oxycodone', 'oxycodone', '15 mg once', NULL, NULL, 'auc_ng_h_mL', 128.2, 'relative', 0.25, 'ng*h/mL', NULL, 'oxycodone-ir-label', 'Table 2, 15 mg tablet, AUC to infinity.'),
('oxycodone 30 mg single dose: Cmax', 'nca', 'oxycodone', 'oxycodone', '30 mg once', NULL, NULL, 'cmax_ng_mL', 39.3, 'relative', 0.25, 'ng/mL', NULL, 'oxycodone-ir-label', 'Table 2, 30 mg tablet.'),
('oxycodone 30 mg single dose: AUC', 'nca', 'oxycodone', 'oxycodone', '30 mg once', NULL, NULL, 'auc_ng_h_mL', 268.2, 'relative', 0.25, 'ng*h/mL', NULL, 'oxycodone-ir-label', 'Table 2, 30 mg tablet, AUC to infinity.'),
('oxycodone 5 mg q6h: steady-state Cavg', 'nca', 'oxycodone', 'oxycodone', '5 mg q6h for 84 h', NULL, NULL, 'cavg_ng_mL', 9.4, 'relative', 0.25, 'ng/mL', NULL, 'oxycodone-ir-label', 'Table 2, 5 mg every 6 h for 14 doses; average over the last interval.'),
('oxycodone 15 mg single dose: Tmax', 'nca', 'oxycodone', 'oxycodone', '15 mg once', NULL, NULL, 'tmax_h', 1.4, 'relative', 0.35, 'h', NULL, 'oxycodone-ir-label', 'Table 2, 15 mg tablet.'),
('oxycodone 15 mg single dose: terminal half-life', 'nca', 'oxycodone', 'oxycodone', '15 mg once', NULL, NULL, 't_half_h', 3.55, 'relative', 0.25, 'h', NULL, 'oxycodone-ir-label', 'Table 2, 15 mg tablet.'),
('ethanol 42 g (0.6 g/kg) fasting: elimination rate after the peak', 'nca', 'ethanol', 'ethanol', '42 g once', NULL, NULL, 'elim_rate_mg_dL_h', 15, 'absolute', 4, 'mg/dL/h', NULL, 'winek1984', 'Social drinkers: 15 +/- 4 mg/dL/h (zero order after the peak).'),
('clarithromycin 250 mg q12h: steady-state Cmax', 'nca', 'clarithromycin', 'clarithromycin', '250 mg q12h for 5 d', NULL, NULL, 'cmax_ng_mL', 1000, 'relative', 0.25, 'ng/mL', NULL, 'biaxin-label', 'Label: steady-state peak about 1 ug/mL at 250 mg every 12 h.'),
('clarithromycin 500 mg q12h: steady-state Cmax', 'nca', 'clarithromycin', 'clarithromycin', '500 mg q12h for 5 d', NULL, NULL, 'cmax_ng_mL', 2500, 'absolute', 500, 'ng/mL', NULL, 'biaxin-label', 'Label: 2-3 ug/mL at 500 mg every 12 h.'),
('clarithromycin 250 mg q12h: half-life', 'nca', 'clarithromycin', 'clarithromycin', '250 mg q12h for 5 d', NULL, NULL, 't_half_h', 3.5, 'absolute', 0.5, 'h', 12, 'biaxin-label', 'Label: 3-4 h at 250 mg every 12 h (over the dosing interval).'),
('clarithromycin 500 mg q12h: half-life', 'nca', 'clarithromycin', 'clarithromycin', '500 mg q12h for 5 d', NULL, NULL, 't_half_h', 6, 'absolute', 1, 'h', 12, 'biaxin-label', 'Label: 5-7 h at 500 mg every 12 h (over the dosing interval).'),
('carbamazepine 400 mg bid: half-life on repeated dosing', 'nca', 'carbamazepine', 'carbamazepine', '400 mg bid for 28 d', NULL, NULL, 't_half_h', 14.5, 'absolute', 2.5, 'h', 48, 'tegretol-label', 'Label: 12-17 h on repeated dosing (autoinduced); 800 mg/day, the usual adult maintenance dose (label 800-1200 mg/day), since the label names no dose for the figure.'),
('sertraline 50 mg/day: HAM-D responders at week 8', 'trial_response', 'sertraline', NULL, '50 mg qd', NULL, NULL, 'ssri_response_pct_w8', 50.1, 'absolute', 10, '% of patients', NULL, 'walsh2002', 'Mean drug response rate over 75 placebo-controlled trials of major depression.'),
('placebo: HAM-D responders at week 8', 'trial_response', 'sertraline', NULL, '50 mg qd', NULL, NULL, 'placebo_response_pct_w8', 29.7, 'absolute', 10, '% of patients', NULL, 'walsh2002', 'Mean placebo response rate over 75 trials.'),
('sertraline 50 mg/day vs placebo: risk ratio of response at week 1', 'trial_response', 'sertraline', NULL, '50 mg qd', NULL, NULL, 'rr_ssri_placebo_w1', 1.64, 'absolute', 0.44, 'ratio', NULL, 'taylor2006', 'Meta-analysis of 28 RCTs: RR 1.64 (95% CI 1.20-2.25) for 50% HAM-D reduction at week 1.'),
('fluoxetine 20 mg with clonazepam vs fluoxetine alone: risk ratio of response at week 4', 'trial_response', 'fluoxetine', NULL, '20 mg qd', 'clonazepam', '0.5 mg bid for 3 w', 'rr_bzd_ssri_w4', 1.38, 'absolute', 0.23, 'ratio', NULL, 'furukawa2001', 'Cochrane review (9 RCTs): antidepressant + benzodiazepine vs antidepressant alone, RR 1.38 (95% CI 1.15-1.66) at 4 weeks.');

-- Metabolic interactions (kind ddi_auc_ratio): the victim at steady state
-- with and without the perpetrator in one coupled model
-- (data/72_enzyme_kinetics.sql). For a linear victim the ratio of AUC over
-- a dosing interval at steady state equals the single-dose AUC ratio the
-- studies measured. Rows marked "fitted" are the studies a constant was
-- calibrated on (they check the chain end to end); the others are
-- independent. Left out (fails the 25% policy): itraconazole with oral
-- oxycodone (Saari 2010: x2.4; model x1.8), whose excess comes from
-- intestinal CYP3A4 inhibition raising oxycodone's bioavailability, which
-- the model does not have (hepatic enzyme only).
INSERT INTO validation_checks (name, kind, drug, species, regimen, drug2, regimen2, metric, published, tolerance_kind, tolerance, units, window_h, source, note) VALUES
('alprazolam with ketoconazole 200 mg bid: AUC ratio', 'ddi_auc_ratio', 'alprazolam', 'alprazolam', '0.5 mg tid for 10 d', 'ketoconazole', '200 mg bid for 10 d', 'auc_ratio', 3.98, 'relative', 0.25, 'ratio', NULL, 'greenblatt1998', 'Fitted: ketoconazole constant. Published: alprazolam 1 mg single dose, AUC x3.98.'),
('alprazolam with itraconazole 200 mg/day: AUC ratio', 'ddi_auc_ratio', 'alprazolam', 'alprazolam', '0.5 mg tid for 10 d', 'itraconazole', '200 mg qd for 10 d', 'auc_ratio', 2.7, 'relative', 0.25, 'ratio', NULL, 'yasui1998', 'Fitted: itraconazole constant. Published: alprazolam 0.8 mg on day 4 of itraconazole, AUC x2.7.'),
('alprazolam with fluvoxamine 100 mg/day: AUC ratio', 'ddi_auc_ratio', 'alprazolam', 'alprazolam', '0.5 mg tid for 14 d', 'fluvoxamine', '100 mg qd for 14 d', 'auc_ratio', 2.0, 'relative', 0.25, 'ratio', NULL, 'luvox-label', 'Fitted: fluvoxamine CYP3A4 constant. Label: alprazolam AUC, Cmax and t1/2 about twice alone with fluvoxamine 100 mg/day at steady state.'),
('alprazolam with carbamazepine 300 mg/day: AUC ratio', 'ddi_auc_ratio', 'alprazolam', 'alprazolam', '0.5 mg tid for 10 d', 'carbamazepine', '150 mg bid for 10 d', 'auc_ratio', 0.45, 'relative', 0.25, 'ratio', NULL, 'furukori1998', 'Independent (the induction constants are fitted on carbamazepine''s own autoinduction). Published: alprazolam 0.8 mg after 10 days of carbamazepine 300 mg/day, AUC -55%.'),
('alprazolam with fluoxetine 20 mg/day: AUC ratio', 'ddi_auc_ratio', 'alprazolam', 'alprazolam', '0.5 mg tid for 28 d', 'fluoxetine', '20 mg qd for 28 d', 'auc_ratio', 1.27, 'relative', 0.25, 'ratio', NULL, 'xanax-label', 'Fitted: norfluoxetine CYP3A4 constant. Label: alprazolam clearance -21% with fluoxetine (AUC x1/0.79).'),
('diazepam with fluvoxamine 150 mg/day: AUC ratio', 'ddi_auc_ratio', 'diazepam', 'diazepam', '5 mg qd for 42 d', 'fluvoxamine', '150 mg qd for 42 d', 'auc_ratio', 2.86, 'relative', 0.25, 'ratio', NULL, 'luvox-label', 'Fitted: fluvoxamine CYP2C19 constant. Label: diazepam clearance -65% with fluvoxamine 150 mg/day (AUC x1/0.35).'),
('oxycodone with clarithromycin 500 mg bid: AUC ratio', 'ddi_auc_ratio', 'oxycodone', 'oxycodone', '10 mg q12h for 5 d', 'clarithromycin', '500 mg bid for 5 d', 'auc_ratio', 2.0, 'relative', 0.25, 'ratio', NULL, 'liukas2011', 'Independent: clarithromycin''s in vitro KI and kinact (Mayhew 2000), no calibration. Published: oral oxycodone 10 mg on day 4, AUC x2.0 (young), x2.3 (elderly).');

-- The azoles (data/35_azoles.sql). Left out: ketoconazole 200 mg Cmax 3-4.5
-- mg/L (daneshmend1988; model 2.1: the one-compartment form understates
-- the early peak of its biphasic decline) and itraconazole's single-dose
-- half-life 16-28 h (sporanox-label; model 36 h: linear, fitted on the
-- steady-state value).
INSERT INTO validation_checks (name, kind, drug, species, regimen, drug2, regimen2, metric, published, tolerance_kind, tolerance, units, window_h, source, note) VALUES
('ketoconazole 200 mg single dose: AUC', 'nca', 'ketoconazole', 'ketoconazole', '200 mg once', NULL, NULL, 'auc_ng_h_mL', 13500, 'absolute', 1500, 'ng*h/mL', NULL, 'daneshmend1988', 'Published range 12-15 mg h/L.'),
('ketoconazole 200 mg single dose: Tmax', 'nca', 'ketoconazole', 'ketoconazole', '200 mg once', NULL, NULL, 'tmax_h', 2.5, 'absolute', 1.5, 'h', NULL, 'daneshmend1988', 'Published range 1-4 h.'),
('itraconazole 200 mg/day: half-life at steady state', 'nca', 'itraconazole', 'itraconazole', '200 mg qd for 15 d', NULL, NULL, 't_half_h', 38, 'absolute', 4, 'h', NULL, 'sporanox-label', 'Label: 34-42 h at steady state.');

-- Pharmacogenomic checks: the same simulations for the study's patients.
INSERT INTO validation_checks (name, kind, drug, species, regimen, drug2, regimen2, metric, published, tolerance_kind, tolerance, units, window_h, source, note, patient) VALUES
('paroxetine 30 mg single dose, CYP2D6 poor metabolisers: AUC', 'nca', 'paroxetine', 'paroxetine', '30 mg once', NULL, NULL, 'auc_ng_h_mL', 1288, 'relative', 0.25, 'ng*h/mL', NULL, 'sindrup1992', 'Median AUC 3910 nmol h/L in 8 sparteine poor metabolisers (x 329.4 g/mol = 1288 ng h/mL), about 7 times the 550 nmol h/L of extensive metabolisers: without CYP2D6 neither its share of clearance nor its first pass remains.', 'cyp2d6=poor'),
('paroxetine 30 mg single dose, CYP2D6 extensive metabolisers: AUC', 'nca', 'paroxetine', 'paroxetine', '30 mg once', NULL, NULL, 'auc_ng_h_mL', 181, 'relative', 0.25, 'ng*h/mL', NULL, 'sindrup1992', 'Median AUC 550 nmol h/L in 9 sparteine extensive metabolisers (181 ng h/mL).', 'cyp2d6=normal'),
('paroxetine 30 mg/day, CYP2D6 poor metabolisers: AUC over the dosing interval at steady state', 'nca', 'paroxetine', 'paroxetine', '30 mg qd for 14 d', NULL, NULL, 'auc_ng_h_mL', 1453, 'relative', 0.25, 'ng*h/mL', NULL, 'sindrup1992', 'Median AUCss,tau 4410 nmol h/L after 2 weeks of 30 mg/day (1453 ng h/mL); linear kinetics in poor metabolisers.', 'cyp2d6=poor');
