-- Symptom-course model (src/clinical/course.c, docs/clinical.md "Symptom
-- course and bridge"): HAM-D and HAM-A as indirect-response (turnover)
-- models driven by the PD indices. note says 'calibrated' where a value was
-- tuned, 'assumed' where it is a modelling choice, otherwise it is read
-- from the source. The calibration (fitted by hand-checked least squares on
-- a virtual population of 2000, then rounded) targets, together:
--   responders (HAM-D -50%) at week 8: placebo about 30-35%, SSRI about 50-60%
--     (walsh2002: 29.7% and 50.1% averaged over 75 trials);
--   SSRI vs placebo responders at week 1: RR about 1.6 (taylor2006: 1.64);
--   SSRI + benzodiazepine vs SSRI responders: RR about 1.6 at week 1 and
--     1.4 at week 4, no clear difference at 6-8 weeks (furukawa2001,
--     ogawa2019; smith2002: 32% vs 4% CGI responders at day 7);
--   the mean patient on the SSRI alone responds at about 5-6 weeks, with a
--     mean HAM-D change of about -13 (placebo about -9) at week 8.
-- tests/validation/test_bridge_claims.c checks these figures.

INSERT INTO sources (id, authors, year, title, journal_or_label, pmid, doi, url, note) VALUES
('dayneka1993', 'Dayneka NL, Garg V, Jusko WJ', 1993, 'Comparison of four basic models of indirect pharmacodynamic responses', 'J Pharmacokinet Biopharm 21(4):457-478', '8133465', '10.1007/BF01061691', NULL, 'Indirect-response model with inhibition of production: dS/dt = kin (1 - Imax E) - kout S; the form of the symptom-course model.'),
('londborg2000', 'Londborg PD, Smith WT, Glaudin V, Painter JR', 2000, 'Short-term cotherapy with clonazepam and fluoxetine: anxiety, sleep disturbance and core symptoms of depression', 'J Affect Disord 61(1-2):73-79', '11099744', NULL, NULL, 'Secondary analysis of smith1998: co-therapy better on the anxiety and sleep clusters of HAM-D and on core symptoms early. Basis of the anxiety/insomnia split of HAM-D.'),
('walsh2002', 'Walsh BT, Seidman SN, Sysko R, Gould M', 2002, 'Placebo response in studies of major depression: variable, substantial, and growing', 'JAMA 287(14):1840-1847', '11939870', '10.1001/jama.287.14.1840', NULL, '75 placebo-controlled antidepressant trials 1981-2000: mean responder rate (HAM-D -50%) 29.7% on placebo and 50.1% on medication (figures from memory of the abstract, verify; the placebo mean of about 30%, range 12-52%, is corroborated by the summary of Papakostas et al. 2015, J Clin Psychiatry 76:456).'),
('ogawa2019', 'Ogawa Y, Takeshima N, Hayasaka Y, Tajika A, Watanabe N, Streiner D, Furukawa TA', 2019, 'Antidepressants plus benzodiazepines for adults with major depression', 'Cochrane Database Syst Rev 6:CD001026', '31158298', '10.1002/14651858.CD001026.pub2', NULL, 'Update of furukawa2001, 10 RCTs, 731 participants: combination better on severity, response and remission in the early phase (1-4 weeks), no clear difference in the acute phase (5-12 weeks); low-quality evidence (RR values from memory, verify; PMID verify).'),
('smith2002', 'Smith WT, Londborg PD, Glaudin V, Painter JR', 2002, 'Is extended clonazepam cotherapy of fluoxetine effective for outpatients with major depression?', 'J Affect Disord 70(3):251-259', '12128237', NULL, NULL, '50 outpatients, 18 weeks: clonazepam cotherapy superior only at day 7 (CGI-I responders 32% vs 4%); helped insomnia, not anxiety or core symptoms (PMID verify).'),
('furukawa2001', 'Furukawa TA, Streiner DL, Young LT', 2001, 'Antidepressant plus benzodiazepine for major depression', 'Cochrane Database Syst Rev (2):CD001026', '11405972', NULL, NULL, '9 RCTs, 679 patients: response more likely with the combination at week 1 and week 4, no significant difference at 6-8 weeks. Shape target of the calibration (numbers from memory, verify).'),
('frank1991', 'Frank E, Prien RF, Jarrett RB, Keller MB, Kupfer DJ, Lavori PW, Rush AJ, Weissman MM', 1991, 'Conceptualization and rationale for consensus definitions of terms in major depressive disorder: remission, recovery, relapse, and recurrence', 'Arch Gen Psychiatry 48(9):851-855', '1929776', NULL, NULL, 'Response: at least 50% reduction of HAM-D from baseline; remission: HAM-D17 at most 7.');

CREATE TABLE course_params (
    key    TEXT PRIMARY KEY,
    value  REAL NOT NULL,
    unit   TEXT NOT NULL,
    source TEXT NOT NULL REFERENCES sources(id),
    note   TEXT
);

INSERT INTO course_params (key, value, unit, source, note) VALUES
('hamd_baseline', 24, 'HAM-D17 points', 'smith1998', 'Baseline severity of the outpatients with major depression in the fluoxetine + clonazepam trial (inclusion threshold about 20; mean about 24; assumed from the design, verify)'),
('hamd_anx_insomnia_frac', 0.43, 'fraction', 'londborg2000', 'Share of baseline HAM-D in the anxiety and sleep clusters (insomnia items 4-6, anxiety items 10-11, agitation, somatic items) that a benzodiazepine can relieve: 0.43 of 24 points; calibrated with anx_imax_hamd on the bridge targets (RR of response about 1.6 at week 1, 1.4 at week 4)'),
('hama_baseline', 20, 'HAM-A points', 'londborg2000', 'Baseline HAM-A of anxious depression; assumed'),
('placebo_max_frac', 0.33, 'fraction', 'walsh2002', 'Median fractional symptom reduction reached by the placebo (non-specific) response; calibrated so that about 33% of a placebo arm responds at week 8 with a mean HAM-D change of about -9 (walsh2002: 29.7%)'),
('placebo_tau_weeks', 0.7, 'week', 'taylor2006', 'Time constant of the placebo response, an exponential approach (Holford-style); calibrated: most non-specific improvement comes in the first two weeks, so that placebo responders exist at week 1 (taylor2006: SSRI vs placebo RR 1.64 at week 1)'),
('kout_per_week', 2.7, '1/week', 'taylor2006', 'Median symptom turnover rate constant of the indirect-response model (half-life about 1.8 days); calibrated so that the SSRI effect shows at week 1 (taylor2006: about a third of the 6-week drug effect by the end of week 1) and the delay of the SSRI comes from its own adaptation (antidepressant_index), not from the symptom turnover'),
('ad_imax', 0.30, 'fraction', 'walsh2002', 'Median maximum inhibition of symptom production by antidepressant_index = 1; calibrated so that about 55-60% of an SSRI arm responds at week 8 (walsh2002: 50.1%) and the median patient at about 5-6 weeks'),
('anx_imax_hamd', 0.62, 'fraction', 'ogawa2019', 'Median maximum inhibition of the anxiety/insomnia part of HAM-D by anxiolysis_index = 1; calibrated on the bridge targets (furukawa2001/ogawa2019: RR of response about 1.6 at week 1 and 1.4 at week 4, none at 6-8 weeks)'),
('anx_imax_hama', 0.5, 'fraction', 'londborg2000', 'Maximum inhibition of HAM-A by anxiolysis_index = 1; calibrated'),
('withdrawal_gain', 1.0, '1/index', 'ashton2002', 'Relative rise of the anxiety/insomnia symptoms per unit withdrawal_index (rebound anxiety and insomnia after the taper); assumed'),
('response_frac', 0.5, 'fraction', 'frank1991', 'Response: HAM-D reduced by at least this fraction from baseline'),
('remission_hamd', 7, 'HAM-D17 points', 'frank1991', 'Remission: HAM-D17 at or below this score'),
-- Between-patient variability (virtual patients, src/clinical/course_population.c).
-- Only the symptom model varies; PK and the PD indices are those of the mean
-- patient (PK variability out of scope). None of these SDs is reported by
-- the adjunct trials as a model parameter: all are 'assumed', in the range
-- seen in published indirect-response PK/PD models (IIV 30-50%).
('hamd_baseline_sd', 3.5, 'HAM-D17 points', 'smith1998', 'SD of baseline HAM-D between patients (normal, truncated at remission_hamd + 1); assumed: outpatient MDD trials with a HAM-D entry threshold of about 18-20 typically report baseline SDs of 3-4 points; the SD of smith1998 was not verified'),
('placebo_omega', 1.6, 'logit SD', 'walsh2002', 'Between-patient SD of placebo_max_frac on the logit scale (0.33 -> central 90% range about 0.04-0.84); calibrated: the wide spread of non-specific improvement in placebo arms (walsh2002: placebo responder rates from about 10% to over 50% between trials, wider between patients)'),
('ad_imax_omega', 0.9, 'logit SD', 'dayneka1993', 'Between-patient SD of ad_imax on the logit scale (0.30 -> central 90% range about 0.08-0.67); calibrated with ad_imax on the responder rate at week 8'),
('anx_imax_omega', 0.6, 'logit SD', 'dayneka1993', 'Between-patient SD of anx_imax_hamd and anx_imax_hama on the logit scale (one draw for both; 0.62 -> central 90% range about 0.40-0.80); assumed'),
('kout_omega', 0.75, 'log SD', 'taylor2006', 'Between-patient SD of log kout_per_week (log-normal, about 85% CV); calibrated: early (week 1) responders on drug and placebo need fast-turnover patients (taylor2006)');
