-- Symptom-course model (src/clinical/course.c, docs/clinical.md "Symptom
-- course and bridge"): HAM-D and HAM-A as indirect-response (turnover)
-- models driven by the PD indices. note says 'calibrated' where a value was
-- tuned so that the simulated bridge reproduces the shape of the adjunct
-- trials (smith1998, londborg2000, furukawa2001: earlier response with the
-- benzodiazepine, little difference at 6-8 weeks), 'assumed' where it is a
-- modelling choice, otherwise it is read from the source.

INSERT INTO sources (id, authors, year, title, journal_or_label, pmid, doi, url, note) VALUES
('dayneka1993', 'Dayneka NL, Garg V, Jusko WJ', 1993, 'Comparison of four basic models of indirect pharmacodynamic responses', 'J Pharmacokinet Biopharm 21(4):457-478', '8133465', '10.1007/BF01061691', NULL, 'Indirect-response model with inhibition of production: dS/dt = kin (1 - Imax E) - kout S; the form of the symptom-course model.'),
('londborg2000', 'Londborg PD, Smith WT, Glaudin V, Painter JR', 2000, 'Short-term cotherapy with clonazepam and fluoxetine: anxiety, sleep disturbance and core symptoms of depression', 'J Affect Disord 61(1-2):73-79', '11099744', NULL, NULL, 'Secondary analysis of smith1998: co-therapy better on the anxiety and sleep clusters of HAM-D and on core symptoms early. Basis of the anxiety/insomnia split of HAM-D.'),
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
('hamd_anx_insomnia_frac', 0.45, 'fraction', 'londborg2000', 'Share of baseline HAM-D in the anxiety and sleep clusters (insomnia items 4-6, anxiety items 10-11, agitation, somatic items): 0.45 of 24 points; calibrated (with anx_imax_hamd) so that the bridge responds 1-2 weeks earlier'),
('hama_baseline', 20, 'HAM-A points', 'londborg2000', 'Baseline HAM-A of anxious depression; assumed'),
('placebo_max_frac', 0.30, 'fraction', 'furukawa2001', 'Fractional symptom reduction reached by the placebo (non-specific) response; calibrated, in the range of placebo arms of antidepressant trials'),
('placebo_tau_weeks', 2.0, 'week', 'dayneka1993', 'Time constant of the placebo response, an exponential approach (Holford-style); calibrated'),
('kout_per_week', 0.7, '1/week', 'dayneka1993', 'Symptom turnover rate constant of the indirect-response model; calibrated (about 1/week)'),
('ad_imax', 0.60, 'fraction', 'smith1998', 'Maximum inhibition of symptom production by antidepressant_index = 1; calibrated so that the SSRI alone reaches response in about 5 weeks'),
('anx_imax_hamd', 0.9, 'fraction', 'londborg2000', 'Maximum inhibition of the anxiety/insomnia part of HAM-D by anxiolysis_index = 1; calibrated so that the bridge responds 1-2 weeks earlier'),
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
('placebo_omega', 0.8, 'logit SD', 'furukawa2001', 'Between-patient SD of placebo_max_frac on the logit scale (0.30 -> central 90% range about 0.10-0.60); assumed, reflecting the wide spread of non-specific improvement in antidepressant trial placebo arms'),
('ad_imax_omega', 0.6, 'logit SD', 'dayneka1993', 'Between-patient SD of ad_imax on the logit scale (0.60 -> central 90% range about 0.36-0.80, roughly 30% CV); assumed, IIV typical of indirect-response PK/PD models'),
('anx_imax_omega', 0.6, 'logit SD', 'dayneka1993', 'Between-patient SD of anx_imax_hamd and anx_imax_hama on the logit scale (one draw for both; 0.9 -> central 90% range about 0.77-0.96); assumed'),
('kout_omega', 0.4, 'log SD', 'dayneka1993', 'Between-patient SD of log kout_per_week (log-normal, about 40% CV); assumed, IIV typical of indirect-response PK/PD models (30-50%)');
