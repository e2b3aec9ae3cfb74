-- Pharmacodynamics: drug-level parameters (benzodiazepine-site affinity and
-- efficacy, SERT occupancy, effect-site equilibration) and system-level
-- parameters (GABA-A modulation, effect indices, tolerance, dependence,
-- serotonergic autoreceptor adaptation). Equations: docs/models.md.
-- Every value carries a source; derived values say how in `note`.

INSERT INTO sources (id, authors, year, title, journal_or_label, pmid, doi, url, note) VALUES
('fujita1999', 'Fujita M, Woods SW, Verhoeff NPLG, Abi-Dargham A, Baldwin RM, Zoghbi SS, Soares JC, Jatlow PA, Krystal JH, Rajeevan N, Charney DS, Seibyl JP, Innis RB', 1999, 'Changes of benzodiazepine receptors during chronic benzodiazepine administration in humans', 'Eur J Pharmacol 368:161-172', '10193652', NULL, NULL, 'Nine healthy subjects, alprazolam 2 mg/day for 24 days, [123I]iomazenil SPECT on days -4, 3, 10, 17, 24: sedation with 16% benzodiazepine-site occupancy; unoccupied receptors -10% from day 3 to day 10, back to baseline by day 17; clinical effects changed 1-2 weeks after the receptor changes. (Title, PMID and abstract checked; author list, volume/pages and DOI not re-checked, DOI left empty.)'),
('buhrer1990', 'Buhrer M, Maitre PO, Crevoisier C, Stanski DR', 1990, 'Electroencephalographic effects of benzodiazepines. II. Pharmacodynamic modeling of the electroencephalographic effects of midazolam and diazepam', 'Clin Pharmacol Ther 48:555-567', NULL, NULL, NULL, 'Effect-site equilibration half-lives (EEG): midazolam ~5.6 min, diazepam ~1.6 min. NOT VERIFIED: citation and values are from memory (the shared reference marks them [M]); no copy of the paper or its PubMed record was found, so PMID and DOI are left empty.'),
('wiltshire2012', 'Wiltshire HR, Kilpatrick GJ, Tilbrook GS, Borkett KM', 2012, 'A placebo- and midazolam-controlled phase I single ascending-dose study evaluating the safety, pharmacokinetics, and pharmacodynamics of remimazolam (CNS 7056): Part II. Population pharmacokinetic and pharmacodynamic modeling and simulation', 'Anesth Analg 115(2):284-296', NULL, '10.1213/ANE.0b013e318241f68a', NULL, 'Population PK/PD, healthy volunteers, 1-min i.v. infusion; Bispectral Index model (remimazolam, midazolam): IC50 0.26, 0.07 ug/mL; gamma 1.6, 8.6; ke0 0.14, 0.053 /min; Imax 39, 19. Midazolam ke0 0.053 /min gives t1/2ke0 ~13 min. (Authors, title, DOI and values checked on the journal abstract; pages and PMID not re-checked. Part I, Antonik et al., is Anesth Analg 115:274-283, PMID 22190555.)'),
('skerritt1984', 'Skerritt JH, Macdonald RL', 1984, 'Benzodiazepine receptor ligand actions on GABA responses. Benzodiazepines, CL 218872, zopiclone', 'Eur J Pharmacol 101(1-2):127-134', '6086357', '10.1016/0014-2999(84)90038-4', NULL, 'Mouse spinal cord neurons in culture: diazepam and clonazepam enhanced GABA responses significantly at 1 nM, with peak enhancement 80.7% (diazepam) and 50.2% (clonazepam) at 10 nM, i.e. GABA responses x1.8 and x1.5; diazepam lowered the apparent GABA KD without changing Vmax. Used for a maximal modulation of about 2x.'),
('rogers1994', 'Rogers CJ, Twyman RE, Macdonald RL', 1994, 'Benzodiazepine and beta-carboline regulation of single GABAA receptor channels of mouse spinal neurones in culture', 'J Physiol 475:69-82', NULL, NULL, NULL, 'Diazepam increases GABA-A channel opening frequency without changing mean open time or conductance. NOT VERIFIED: citation from memory (the shared reference marks it [M]); no record of the paper was found, so PMID and DOI are left empty. The frequency mechanism itself is reviewed in Curr Neuropharmacol 2010;8:10-17 (PMC2866457).'),
('vinkers2012', 'Vinkers CH, Olivier B', 2012, 'Mechanisms underlying tolerance after long-term benzodiazepine use: a future for subtype-selective GABA(A) receptor modulators?', 'Adv Pharmacol Sci 2012:416864', '22536226', '10.1155/2012/416864', NULL, 'Review: tolerance develops relatively quickly for the sedative and anticonvulsant actions of benzodiazepines, whereas tolerance to anxiolytic and amnesic effects probably does not develop at all; mechanisms include GABA-A subunit changes and receptor uncoupling.'),
('file1985', 'File SE', 1985, 'Tolerance to the behavioral actions of benzodiazepines', 'Neurosci Biobehav Rev 9(1):113-121', '2858076', NULL, NULL, 'Review of animal studies: tolerance develops rapidly (within 3-5 days) to the sedative effects and from 5 days of treatment to the anticonvulsant effects; in general no tolerance to anxiolytic effects after 7-15 days (found after 25 days in the social interaction test); no clear change in benzodiazepine binding. (DOI not re-checked, left empty.)'),
('haefely1990', 'Haefely W, Martin JR, Schoch P', 1990, 'Novel anxiolytics that act as partial agonists at benzodiazepine receptors', 'Trends Pharmacol Sci 11(11):452-456', '1980040', '10.1016/0165-6147(90)90126-s', NULL, 'Partial agonists exploit regional differences in receptor reserve: neurons mediating anticonvulsant and anti-anxiety effects have a higher receptor reserve than those mediating unwanted effects (sedation, ataxia), i.e. need lower occupancy for the same effect. (Co-authors not re-checked.)'),
('sorensen2022', 'Sorensen A, Ruhe HG, Munkholm K', 2022, 'The relationship between dose and serotonin transporter occupancy of antidepressants - a systematic review', 'Mol Psychiatry 27:192-201', NULL, '10.1038/s41380-021-01285-w', NULL, 'Systematic review of 17 PET/SPECT studies (294 participants): SERT occupancy hyperbolic in dose (2-parameter Michaelis-Menten), plateau ~80% at the usual minimum recommended dose. Per-drug fits (striatum) as transcribed in the shared reference from a public taper calculator, not re-read in the paper: Emax/ED50 citalopram 83.98%/2.33 mg, fluoxetine 86.12%/1.89 mg, paroxetine 97.14%/5.60 mg, sertraline 92.01%/7.72 mg, escitalopram (thalamus) 78.67%/2.10 mg. (PMID not re-checked, left empty.)'),
('meyer2004', 'Meyer JH, Wilson AA, Sagrati S, Hussey D, Carella A, Potter WZ, Ginovart N, Spencer EP, Cheok A, Houle S', 2004, 'Serotonin transporter occupancy of five selective serotonin reuptake inhibitors at different doses: an [11C]DASB positron emission tomography study', 'Am J Psychiatry 161(5):826-835', NULL, '10.1176/appi.ajp.161.5.826', NULL, '77 subjects, striatal [11C]DASB before and after 4 weeks of citalopram, fluoxetine, sertraline, paroxetine or venlafaxine XR: mean occupancy 76-85% at the minimum therapeutic dose, substantial occupancy at subtherapeutic doses, occupancy rising nonlinearly with dose or plasma level to a plateau. (PMID not re-checked, left empty.)'),
('meyer2001', 'Meyer JH, Wilson AA, Ginovart N, Goulding V, Hussey D, Hood K, Houle S', 2001, 'Occupancy of serotonin transporters by paroxetine and citalopram during treatment of depression: a [11C]DASB PET imaging study', 'Am J Psychiatry 158(11):1843-1849', '11691690', '10.1176/appi.ajp.158.11.1843', NULL, 'Striatal SERT occupancy after 4 weeks: paroxetine 20 mg/day 83% (n=7), citalopram 20 mg/day 77% (n=4); paroxetine occupancy plateaus ~85% above serum 28 ug/L. (Co-authors not re-checked.)'),
('lepoul1995', 'Le Poul E, Laaris N, Doucet E, Laporte AM, Hamon M, Lanfumey L', 1995, 'Early desensitization of somato-dendritic 5-HT1A autoreceptors in rats treated with fluoxetine or paroxetine', 'Naunyn Schmiedebergs Arch Pharmacol 352:141-148', '7477436', NULL, NULL, 'Rats, fluoxetine or paroxetine 5 mg/kg/day i.p. up to 21 days, dorsal raphe slices: 8-OH-DPAT potency on firing reduced from day 3; neurons with desensitised autoreceptors ~40% at day 3, 60-80% at day 21; 5-HT1A binding unchanged. (Co-authors, pages and DOI not re-checked, DOI left empty.)'),
('czachura2000', 'Czachura JF, Rasmussen K', 2000, 'Effects of acute and chronic administration of fluoxetine on the activity of serotonergic neurons in the dorsal raphe nucleus of the rat', 'Naunyn Schmiedebergs Arch Pharmacol 362(3):266-275', NULL, NULL, NULL, 'Anaesthetised rats: acute fluoxetine inhibits dorsal raphe 5-HT neuron firing; with chronic dosing (5, 10 or 20 mg/kg/day, dose made no difference) firing recovers to baseline over 14-21 days, with a non-parallel shift of the 8-OH-DPAT dose-response (5-HT1A desensitisation). The abstract gives no percentage for the acute fall. (PMID and DOI not re-checked, left empty.)'),
('blier1994', 'Blier P, de Montigny C', 1994, 'Current advances and trends in the treatment of depression', 'Trends Pharmacol Sci 15(7):220-226', '7940983', '10.1016/0165-6147(94)90315-8', NULL, 'Review: enhanced 5-HT transmission underlies most antidepressant treatments; the delayed onset is explained by slow adaptive changes (for SSRIs, 5-HT1A autoreceptor desensitisation restoring raphe firing), suggesting ways to accelerate the response.'),
('bel1993', 'Bel N, Artigas F', 1993, 'Chronic treatment with fluvoxamine increases extracellular serotonin in frontal cortex but not in raphe nuclei', 'Synapse 15:243-245', NULL, NULL, NULL, 'Rat microdialysis: after chronic fluvoxamine, extracellular 5-HT rises in frontal cortex but not in the raphe nuclei. The acute finding the model uses (raphe rise several-fold that in frontal cortex) is from the companion paper Bel N, Artigas F 1992, Eur J Pharmacol 229:101-103, doi 10.1016/0014-2999(92)90292-c. (PMID and DOI of the 1993 paper not re-checked, left empty.)');

-- Drug-level parameters. target: 'bzd' (GABA-A benzodiazepine site) or
-- 'sert' (serotonin transporter). For 'bzd': ki_unbound_nM is the in vivo
-- affinity on unbound plasma concentration, efficacy the intrinsic
-- efficacy (1 = full agonist). For 'sert': occupancy = emax C/(ec50 + C) on
-- total plasma concentration (ng/mL). ke0: effect-site equilibration.
CREATE TABLE pd_params (
    drug              TEXT PRIMARY KEY REFERENCES drugs(name),
    target            TEXT NOT NULL CHECK (target IN ('bzd', 'sert')),
    ke0_per_h         REAL NOT NULL CHECK (ke0_per_h > 0),
    ke0_source        TEXT NOT NULL,
    ki_unbound_nM     REAL,
    efficacy          REAL CHECK (efficacy IS NULL OR (efficacy >= 0 AND efficacy <= 1)),
    ki_source         TEXT,
    sert_ec50_ng_mL   REAL,
    sert_emax_frac    REAL CHECK (sert_emax_frac IS NULL OR (sert_emax_frac > 0 AND sert_emax_frac <= 1)),
    sert_source       TEXT,
    fu                REAL CHECK (fu IS NULL OR (fu > 0 AND fu <= 1)),
    fu_source         TEXT,
    note              TEXT NOT NULL
);

-- Benzodiazepines. In vivo affinities from two published anchors: the
-- absolute scale from alprazolam 2 mg/day = 16% occupancy (Fujita 1999),
-- the relative potencies from equipotent doses (Ashton 2002), assuming
-- equal occupancy at equipotent steady-state doses. Ki = Cu,ss(equipotent
-- daily dose) x 21.0, where 21.0 = 65.4 nM / 3.11 nM is alprazolam's Ki over
-- its unbound average concentration at 0.5 mg/day (Cu = F D/(CL 24) fu/MW
-- with the registry's PK values). Effect-site t1/2 10 min (ke0 4.16 /h):
-- the middle of the 1.6-13 min EEG range of lipophilic benzodiazepines
-- (Buhrer 1990; Wiltshire 2012); no clonazepam-specific value is published.
INSERT INTO pd_params (drug, target, ke0_per_h, ke0_source, ki_unbound_nM, efficacy, ki_source, fu, fu_source, note) VALUES
('alprazolam', 'bzd', 4.16, 'buhrer1990', 65.4, 1.0, 'fujita1999', 0.2, 'xanax-label', 'Ki = 12.45 nM x 0.84/0.16: unbound Cavg 12.45 nM at 2 mg/day (F 0.9, CL 3.9 L/h, fu 0.2, MW 308.8) gives 16% occupancy (Fujita 1999).'),
('clonazepam', 'bzd', 4.16, 'buhrer1990', 44.6, 1.0, 'ashton2002', 0.15, 'klonopin-label', 'Ki = 2.12 nM x 21.0: unbound Cavg at 0.5 mg/day (equipotent to alprazolam 0.5 mg, Ashton 2002) with F 0.9, CL 4.2 L/h, fu 0.15, MW 315.7. 7-aminoclonazepam binds weakly and is modelled as inactive.'),
('lorazepam', 'bzd', 4.16, 'buhrer1990', 69.9, 1.0, 'ashton2002', 0.15, 'ativan-label', 'Ki = 3.33 nM x 21.0 at 1 mg/day (Ashton equivalent), F 0.9, CL 5.26 L/h, fu 0.15, MW 321.2.'),
('oxazepam', 'bzd', 4.16, 'buhrer1990', 480.0, 1.0, 'ashton2002', 0.04, 'oxazepam-label', 'Ki = 22.9 nM x 21.0 at 20 mg/day (Ashton equivalent), F 0.93, CL 4.73 L/h, fu 0.04, MW 286.7.'),
('chlordiazepoxide', 'bzd', 4.16, 'buhrer1990', 2070.0, 1.0, 'ashton2002', 0.04, 'librium-label', 'Ki = 98.6 nM x 21.0 at 25 mg/day (Ashton equivalent), F 1.0, CL 1.41 L/h, fu 0.04, MW 299.8. Its active metabolites (demoxepam, nordiazepam) are not modelled, so the parent carries their effect.'),
('diazepam', 'bzd', 24.0, 'buhrer1990', 1446.0, 1.0, 'ashton2002', 0.02, 'valium-label', 'Diazepam and desmethyldiazepam taken as equipotent: at 10 mg/day unbound Cavg 21.95 nM (diazepam) + 46.8 nM (desmethyldiazepam, ratio 1.35, fu 0.03) = 68.75 nM must equal 3.11/65.4 occupancy-ratio of alprazolam 0.5 mg: Ki = 68.75/0.04755. ke0 24 /h: diazepam EEG t1/2ke0 1.6 min (Buhrer 1990), rounded to 1.7 min.'),
('desmethyldiazepam', 'bzd', 4.16, 'buhrer1990', 1446.0, 1.0, 'ashton2002', 0.03, 'valium-label', 'Same affinity as diazepam (see diazepam); fu taken as 0.03.');

-- SSRIs. Occupancy on plasma concentration from the dose fits of Sorensen
-- 2022 (Emax, ED50 mg/day) converted with the registry PK: EC50 = ED50 x
-- Cavg per mg/day = ED50 x F x 1000/(CL x 24). Effect-site t1/2 2 h for
-- brain equilibration (ke0 0.35 /h): occupancy follows plasma with a lag of
-- hours (Meyer 2004 scanned at steady state; value assumed, see note).
INSERT INTO pd_params (drug, target, ke0_per_h, ke0_source, sert_ec50_ng_mL, sert_emax_frac, sert_source, note) VALUES
('sertraline', 'sert', 0.35, 'meyer2004', 5.78, 0.9201, 'sorensen2022', 'EC50 = 7.72 mg x 0.44 x 1000/(24.5 x 24) = 5.78 ng/mL; 50 mg/day gives ~80% (Meyer 2004). ke0 assumed (t1/2 2 h).'),
('citalopram', 'sert', 0.35, 'meyer2004', 4.68, 0.8398, 'sorensen2022', 'EC50 = 2.33 mg x 0.8 x 1000/(16.6 x 24) = 4.68 ng/mL. ke0 assumed (t1/2 2 h).'),
('escitalopram', 'sert', 0.35, 'meyer2004', 2.70, 0.7867, 'sorensen2022', 'EC50 = 2.10 mg x 0.8 x 1000/(25.9 x 24) = 2.70 ng/mL (thalamus fit). ke0 assumed (t1/2 2 h).'),
('fluoxetine', 'sert', 0.35, 'meyer2004', 14.7, 0.8612, 'sorensen2022', 'The Sorensen dose fit (ED50 1.89 mg/day) relates dose to occupancy by fluoxetine and norfluoxetine together; with equal potency and the registry steady-state ratio (norfluoxetine/fluoxetine 0.89), their summed Cavg at the ED50 dose is 1.89 x 0.7 x 1000/(7.07 x 24) x 1.89 = 14.7 ng/mL, used as the EC50 of each. ke0 assumed (t1/2 2 h).'),
('norfluoxetine', 'sert', 0.35, 'meyer2004', 14.7, 0.8612, 'sorensen2022', 'Equipotent with fluoxetine (Prozac label); EC50 as for fluoxetine, so the two together reproduce the Sorensen dose fit.'),
('paroxetine', 'sert', 0.35, 'meyer2001', 3.85, 0.9714, 'sorensen2022', 'Paroxetine is nonlinear, so EC50 is its steady-state Cavg at the ED50 dose 5.6 mg/day (Sorensen 2022) simulated with the registry model: 3.85 ng/mL (re-derived after the 2026 recalibration of the paroxetine PK, data/20_ssris.sql); 20 mg/day (Cavg 22.4) then gives 83% (Meyer 2001: 83%). ke0 assumed (t1/2 2 h).'),
('fluvoxamine', 'sert', 0.35, 'meyer2004', 7.40, 0.90, 'meyer2004', 'No Sorensen fit; Emax 0.90 and an EC50 giving ~80% at 50 mg/day (Meyer 2004: ~80% at minimum therapeutic doses): Cavg(50 mg) = 0.53 x 50000/(35.7 x 24) = 30.9 ng/mL; EC50 = 30.9 x (0.90/0.80 - 1) = 3.9 ng/mL at 50; 7.4 chosen for 100 mg/day minimum dose (Cavg 61.9).');

-- System parameters (key, value, unit, source, note).
CREATE TABLE pd_system (
    key     TEXT PRIMARY KEY,
    value   REAL NOT NULL,
    unit    TEXT NOT NULL,
    source  TEXT NOT NULL,
    note    TEXT NOT NULL
);

INSERT INTO pd_system (key, value, unit, source, note) VALUES
('gabaa_mmax', 2.0, 'factor', 'skerritt1984', 'Opening-frequency multiplier at full benzodiazepine-site occupancy by a full agonist: GABA responses rise up to ~80% at 10 nM diazepam (Skerritt & Macdonald 1984) by more frequent opening (Rogers 1994).'),
('anx_ec50_occ', 0.04, 'fraction', 'haefely1990', 'Occupancy for half-maximal anxiolysis: low (receptor reserve; Haefely 1990); clonazepam 1 mg/day (~9% occupancy) gives a clear effect.'),
('anx_hill', 1.5, '1', 'haefely1990', 'Steepness of the anxiolysis-occupancy relation (assumed within the 1-3 range of benzodiazepine EEG Hill coefficients).'),
('sed_ec50_occ', 0.10, 'fraction', 'haefely1990', 'Occupancy for half-maximal sedation: higher than for anxiolysis (Haefely 1990); alprazolam 2 mg/day (16%) is sedating (Fujita 1999).'),
('sed_hill', 2.0, '1', 'haefely1990', 'Steepness of sedation (assumed, 1-3 range).'),
('conv_ec50_occ', 0.05, 'fraction', 'haefely1990', 'Occupancy for half-maximal anticonvulsant protection: low, like anxiolysis (Haefely 1990).'),
('conv_hill', 1.5, '1', 'haefely1990', 'Steepness of anticonvulsant protection (assumed).'),
('tol_drive_ec50_occ', 0.05, 'fraction', 'fujita1999', 'Occupancy giving half the maximal adaptive drive; receptor changes seen at 16% (Fujita 1999).'),
('tol_sed_t_half_h', 72.0, 'h', 'file1985', 'Sedative tolerance develops over days: half-time 3 days, so sedation falls noticeably within 1-2 weeks (File 1985; Vinkers & Olivier 2012).'),
('tol_sed_max', 0.7, 'fraction', 'file1985', 'Largest loss of coupling for sedation: sedation largely lost (File 1985).'),
('tol_anx_t_half_h', 1008.0, 'h', 'vinkers2012', 'Anxiolytic tolerance slow and partial: half-time 6 weeks (Vinkers & Olivier 2012).'),
('tol_anx_max', 0.3, 'fraction', 'vinkers2012', 'Partial anxiolytic tolerance at most 30% (Vinkers & Olivier 2012).'),
('tol_conv_t_half_h', 504.0, 'h', 'klonopin-label', 'Anticonvulsant tolerance over weeks to months: half-time 3 weeks; up to 30% of patients lose effect within 3 months (Klonopin label).'),
('tol_conv_max', 0.5, 'fraction', 'klonopin-label', 'Largest loss of anticonvulsant coupling (label: effect lost in up to 30% of patients).'),
('dep_t_half_on_h', 120.0, 'h', 'fujita1999', 'GABA-A adaptation (downregulation/uncoupling of the receptor population) develops over days: half-time 5 days (receptor changes from day 3, Fujita 1999).'),
('dep_t_half_off_h', 168.0, 'h', 'ashton2002', 'Recovery of the adapted state after the drug is gone: half-time 7 days, so acute withdrawal lasts 1-4 weeks (Ashton 2002: 5-28 days).'),
('dep_max', 0.6, 'fraction', 'fujita1999', 'Largest fractional loss of GABA-A function at full adaptive drive; alprazolam 2 mg/day (16%, drive 0.76) gives ~0.1 loss of unoccupied receptors at day 10 (Fujita 1999) when scaled by the 0.2 uncoupled fraction (assumed).'),
('withdrawal_threshold', 0.05, 'index', 'ashton2002', 'Withdrawal index above which a rebound counts as clinically relevant (~5% excess excitability; assumed).'),
('sert_nonsert_clearance', 0.15, 'fraction', 'bel1993', 'Non-SERT clearance of extracellular 5-HT relative to SERT at baseline: ~80% SERT occupancy raises raphe 5-HT about 3-fold acutely (Bel & Artigas 1993).'),
('auto_gain', 5.0, '1', 'czachura2000', 'Autoreceptor feedback gain: acute SSRI cuts raphe firing by ~60% (Czachura & Rasmussen 2000).'),
('auto_t_half_h', 168.0, 'h', 'czachura2000', 'Autoreceptor desensitisation half-time 7 days: raphe firing, cut by the acute SSRI, climbs back over the following weeks (Czachura & Rasmussen 2000: to baseline in 14-21 days; the model recovers more slowly, see docs/models.md), and ~80% of the desensitisation is done by day 21 (Le Poul 1995: 60-80% of neurons at day 21); calibrated.'),
('auto_min', 0.02, 'fraction', 'czachura2000', 'Residual autoreceptor sensitivity when fully desensitised: low enough that raphe firing recovers most of its baseline under chronic SSRI (Czachura & Rasmussen 2000: recovery to baseline in 14-21 days); calibrated, not measured.'),
('auto_e50', 0.05, 'fold above baseline', 'blier1994', 'Raphe 5-HT excess giving half-maximal desensitisation drive: small, so a sustained rise desensitises almost fully (Blier & de Montigny 1994 mechanism); calibrated, not measured.'),
('ad_ec50', 0.6, 'fold above baseline', 'taylor2006', 'Net forebrain 5-HT transmission excess for half-maximal antidepressant index; with the autoreceptor time course it gives about a third of the week-6 effect in week 1 (Taylor 2006).'),
('ad_hill', 3.0, '1', 'taylor2006', 'Steepness of the antidepressant index (assumed; calibrated with ad_ec50 to Taylor 2006).');
