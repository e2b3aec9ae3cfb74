-- Patient profiles (cnsim simulate --patient): the label precautions and
-- contraindications a profile triggers, and the covariate effects a profile
-- has on PK parameters. Read by src/clinical/patient_rules.c.
--
-- Conditions: a profile key (pregnant, breastfeeding, copd, sleep-apnea,
-- substance-use, depression), alternatives joined by '|'
-- ('copd|sleep-apnea'), a comparison on age, weight, hepatic or renal
-- ('age>=65', 'age<25', 'hepatic>=moderate'; none < mild < moderate <
-- severe), a comparison on creatinine clearance ('crcl<30', mL/min), a sex
-- ('sex=female'), a genotype ('cyp2c19=poor'), or 'any' (every profile).
-- Atoms joined by '&' must all hold ('cyp2c19=poor&age>=65').
-- Hepatic classes are the Child-Pugh classes as the FDA hepatic-impairment
-- guidance maps them (fda-hepatic-2003): mild = A, moderate = B, severe = C.
-- Renal classes are the FDA renal-impairment guidance's CrCl bands
-- (fda-renal-2020): none >= 90, mild 60-89, moderate 30-59, severe < 30
-- mL/min; a 'crcl' comparison on a profile that gives only the class holds
-- when it holds for the whole band.
-- drug is a drug name, a class name (any level up the hierarchy), or '*'.
-- The most specific row wins per (condition, param) for covariates.
INSERT INTO sources (id, authors, year, title, journal_or_label, pmid, doi, url, note) VALUES
('ags-beers-2023', 'American Geriatrics Society Beers Criteria Update Expert Panel', 2023, 'American Geriatrics Society 2023 updated AGS Beers Criteria for potentially inappropriate medication use in older adults', 'J Am Geriatr Soc 71(7):2052-2081', '37139824', '10.1111/jgs.18372', NULL, 'Benzodiazepines: avoid in adults >= 65 (cognitive impairment, delirium, falls, fractures, motor vehicle crashes). Citation from memory, verify.'),
('cpic-ssri-2015', 'Hicks JK, Bishop JR, Sangkuhl K, et al.', 2015, 'Clinical Pharmacogenetics Implementation Consortium (CPIC) guideline for CYP2D6 and CYP2C19 genotypes and dosing of selective serotonin reuptake inhibitors', 'Clin Pharmacol Ther 98(2):127-134', '25974703', '10.1002/cpt.147', NULL, 'CYP2C19 poor metabolisers: citalopram/escitalopram exposure about 2-fold (consider 50% dose reduction); sertraline modestly higher; paroxetine higher in CYP2D6 PMs. Numbers from memory, verify.'),
('anderson-holford-2008', 'Anderson BJ, Holford NHG', 2008, 'Mechanism-based concepts of size and maturity in pharmacokinetics', 'Annu Rev Pharmacol Toxicol 48:303-332', '17914927', NULL, NULL, 'Allometric scaling of clearances by (W/70)^0.75 and volumes by W/70, used as the default for drugs without a drug-specific weight model. Also: clearance maturation in infants (enzymes such as CYP3A4 still developing) is not captured by allometry alone, which overpredicts clearance under about 2 years.'),
('cdc-growth-2000', 'Kuczmarski RJ, Ogden CL, Guo SS, Grummer-Strawn LM, Flegal KM, Mei Z, Wei R, Curtin LR, Roche AF, Johnson CL', 2002, '2000 CDC Growth Charts for the United States: methods and development', 'Vital Health Stat 11(246):1-190 (National Center for Health Statistics)', '12043359', NULL, 'https://www.cdc.gov/growthcharts/cdc-data-files.htm', 'Weight-for-age LMS parameters by sex, birth to 36 months (wtageinf) and 2 to 20 years (wtage). src/patient/growth.c keeps birth, 0.5-21.5 months and 24-240 months every 6 months: the median weight for a child without a weight, and the plausible range with cdc-biv.'),
('cdc-biv', 'Centers for Disease Control and Prevention, Division of Nutrition, Physical Activity, and Obesity', 2016, 'A SAS program for the 2000 CDC growth charts (ages 0 to <20 years): biologically implausible values', 'CDC growth chart resources (cut-offs revised 2016)', NULL, NULL, 'https://www.cdc.gov/growth-chart-training/hcp/computer-programs/sas.html', 'Weight-for-age is flagged biologically implausible at a modified z-score below -5 or above +8 (one modified unit: half the distance from the median to the z = -2 value below it, or to the z = +2 value above it). cnsim refuses a child''s weight outside that range.'),
('nchs-maternal-age', 'National Center for Health Statistics', 2023, 'Health, United States: sources and definitions, Age', 'NCHS, Health, United States', NULL, NULL, 'https://www.cdc.gov/nchs/hus/sources-definitions/age.htm', 'Birth statistics: mother''s age is imputed (treated as an error) when stated as 8 years or under or 65 years or over. cnsim accepts pregnant or breastfeeding profiles at 9-64 years.'),
('fda-hepatic-2003', 'US Food and Drug Administration, CDER', 2003, 'Guidance for industry: pharmacokinetics in patients with impaired hepatic function: study design, data analysis, and impact on dosing and labeling', 'FDA guidance for industry', NULL, NULL, 'https://www.fda.gov/media/71311/download', 'Hepatic impairment graded by Child-Pugh class: mild = class A (5-6 points), moderate = class B (7-9), severe = class C (10-15). cnsim reads hepatic=mild|moderate|severe and child-pugh-a|b|c as these classes.'),
('fda-renal-2020', 'US Food and Drug Administration, CDER', 2020, 'Guidance for industry (draft, revision 2): pharmacokinetics in patients with impaired renal function: study design, data analysis, and impact on dosing', 'FDA guidance for industry', NULL, NULL, 'https://www.fda.gov/media/78573/download', 'Renal function categories by creatinine clearance (mL/min): normal >= 90, mild 60-89, moderate 30-59, severe 15-29, kidney failure < 15. cnsim maps crcl=N onto renal=none|mild|moderate|severe (severe: < 30, kidney failure included).'),
('cpic-ssri-2023', 'Bousman CA, Stevenson JM, Ramsey LB, Sangkuhl K, Hicks JK, Strawn JR, et al.', 2023, 'Clinical Pharmacogenetics Implementation Consortium (CPIC) guideline for CYP2D6, CYP2C19, CYP2B6, SLC6A4, and HTR2A genotypes and serotonin reuptake inhibitor antidepressants', 'Clin Pharmacol Ther 114(1):51-68', '37032427', '10.1002/cpt.2903', NULL, 'Updates cpic-ssri-2015. Used for the qualitative recommendations (lower starting dose, slower titration, alternative drug) by CYP2C19 and CYP2D6 phenotype. PMID from memory, verify.'),
('dpwg-ssri-2022', 'Brouwer JMJL, Nijenhuis M, Soree B, et al.', 2022, 'Dutch Pharmacogenetics Working Group (DPWG) guideline for the gene-drug interaction between CYP2C19 and CYP2D6 and SSRIs', 'Eur J Hum Genet 30(10):1114-1120', NULL, '10.1038/s41431-021-01004-7', NULL, 'Table 2: escitalopram CYP2C19 PM do not exceed 10 mg/day (5 mg/day at 65 or older), IM 15 mg/day (7.5 mg/day at 65 or older), UM avoid; citalopram PM 20 mg/day (10 mg/day at 65 or older), IM 30 mg/day (15 mg/day); sertraline PM do not exceed 75 mg/day; paroxetine CYP2D6 UM avoid.'),
('braten2020', 'Braten LS, Haslemo T, Jukic MM, Ingelman-Sundberg M, Molden E, Kringen MK', 2020, 'Impact of CYP2C19 genotype on sertraline exposure in 1200 Scandinavian patients', 'Neuropsychopharmacology 45(3):570-576', NULL, '10.1038/s41386-019-0554-x', NULL, 'Dose-harmonised sertraline serum concentration against CYP2C19 NMs (n = 495): UM 0.89-fold (n = 351), IM 1.38-fold (n = 321), PM 2.68-fold (n = 35) (Table 3). Rapid metabolisers (*1/*17) were counted with the UMs.'),
('jukic2018', 'Jukic MM, Haslemo T, Molden E, Ingelman-Sundberg M', 2018, 'Impact of CYP2C19 genotype on escitalopram exposure and therapeutic failure: a retrospective study based on 2,087 patients', 'Am J Psychiatry 175(5):463-470', NULL, '10.1176/appi.ajp.2017.17050550', NULL, 'Escitalopram serum concentrations against CYP2C19*1/*1: Null/Null 3.3-fold, Null/*1 1.6-fold, Null/*17 1.4-fold, *1/*17 0.9-fold (-10%), *17/*17 0.8-fold (-20%).'),
('zhang1990', 'Zhang Y, Reviriego J, Lou YQ, Sjoqvist F, Bertilsson L', 1990, 'Diazepam metabolism in native Chinese poor and extensive hydroxylators of S-mephenytoin: interethnic differences in comparison with white subjects', 'Clin Pharmacol Ther 48(5):496-502', NULL, '10.1038/clpt.1990.185', NULL, 'White subjects: diazepam half-life 88.3 h in S-mephenytoin (CYP2C19) poor metabolisers vs 40.8 h in extensive metabolisers, and the clearance of white PMs is about half that of white EMs.'),
('qin1999', 'Qin XP, Xie HG, Wang W, et al.', 1999, 'Effect of the gene dosage of CYP2C19 on diazepam metabolism in Chinese subjects', 'Clin Pharmacol Ther 66(6):642-646', NULL, '10.1053/cp.1999.v66.103379001', NULL, 'Diazepam clearance 2.8 (m1/m1), 7.2 (wt/m1) and 19.5 mL/min (wt/wt) in Chinese men (n = 6 each); cited for the gene-dose effect, not applied (see the diazepam cyp2c19 rows).'),
('crews2021', 'Crews KR, Monte AA, Huddart R, et al.', 2021, 'Clinical Pharmacogenetics Implementation Consortium guideline for CYP2D6, OPRM1, and COMT genotypes and select opioid therapy', 'Clin Pharmacol Ther 110(4):888-896', '33387367', '10.1002/cpt.2149', NULL, 'Oxycodone: no recommendation by CYP2D6 phenotype (insufficient evidence); CYP2D6 forms the minor metabolite oxymorphone. PMID and DOI from memory, verify.');

CREATE TABLE patient_rules (
    drug      TEXT NOT NULL,          -- drug, class, or '*'
    condition TEXT NOT NULL,
    severity  TEXT NOT NULL CHECK (severity IN ('contraindication', 'warning', 'precaution')),
    code      TEXT NOT NULL,          -- warning code in simulate output
    message   TEXT NOT NULL,          -- paraphrased, not quoted
    source    TEXT NOT NULL REFERENCES sources(id),
    PRIMARY KEY (drug, condition, code)
);

CREATE TABLE patient_covariates (
    drug      TEXT NOT NULL,          -- drug, class, or '*'
    condition TEXT NOT NULL,          -- as in patient_rules, or 'weight' (power model)
    -- '<enzyme>_activity': the patient's activity of that enzyme in the
    -- drug's own pathways of the interaction engine (data/72), relative to
    -- a normal metaboliser (0: none), which removes or scales the
    -- enzyme's share of clearance and of the first pass
    param     TEXT NOT NULL CHECK (param IN ('cl', 'v', 'q', 'vmax', 'cyp3a4_activity', 'cyp2d6_activity', 'cyp2c19_activity')),
    factor    REAL NOT NULL,          -- multiplier (ignored for 'weight')
    exponent  REAL,                   -- 'weight': (W/70)^exponent
    basis     TEXT NOT NULL CHECK (basis IN ('label', 'literature', 'assumed')),
    source    TEXT NOT NULL REFERENCES sources(id),
    note      TEXT NOT NULL,
    -- 'scale' multiplies the parameter; 'none' records that the source
    -- states no effect, or gives no factor, for the condition (factor 1),
    -- so that the output says so instead of staying silent.
    effect    TEXT NOT NULL DEFAULT 'scale' CHECK (effect IN ('scale', 'none')),
    PRIMARY KEY (drug, condition, param)
);

-- Daily-dose limits a profile sets (label or pharmacogenetic guideline):
-- a dose above the lowest limit that holds for the profile raises a
-- patient_dose_above_limit warning naming the source.
CREATE TABLE patient_dose_limits (
    drug           TEXT NOT NULL,
    condition      TEXT NOT NULL,     -- as in patient_rules
    max_mg_per_day REAL NOT NULL CHECK (max_mg_per_day > 0),
    source         TEXT NOT NULL REFERENCES sources(id),
    note           TEXT NOT NULL,     -- what the source says
    PRIMARY KEY (drug, condition, source)
);

INSERT INTO patient_rules (drug, condition, severity, code, message, source) VALUES
-- clonazepam (Klonopin US label; clinical-knowledge.md 1.5-1.7)
('clonazepam', 'pregnant', 'warning', 'patient_pregnancy', 'late-pregnancy use can cause neonatal sedation (respiratory depression, lethargy, hypotonia) and withdrawal; weigh risks, monitor the newborn; consider the NAAED Pregnancy Registry', 'klonopin-label'),
('clonazepam', 'breastfeeding', 'precaution', 'patient_breastfeeding', 'effects on the breastfed infant and on milk production are unknown; weigh benefits and risks, watch the infant for sedation', 'klonopin-label'),
('clonazepam', 'copd|sleep-apnea', 'warning', 'patient_respiratory', 'compromised respiratory function (COPD, sleep apnoea): use with caution; respiratory depression risk, worse with other CNS depressants', 'klonopin-label'),
('clonazepam', 'substance-use', 'warning', 'patient_substance_use', 'boxed warning: risks of abuse, misuse and addiction (overdose, death); assess risk before prescribing and monitor', 'klonopin-label'),
('clonazepam', 'depression', 'warning', 'patient_depression', 'antiepileptic drugs raise the risk of suicidal thoughts and behaviour (class warning); paradoxical reactions possible; monitor for worsening depression', 'klonopin-label'),
('clonazepam', 'hepatic>=moderate', 'contraindication', 'patient_liver_disease', 'contraindicated in clinical or biochemical evidence of significant liver disease', 'klonopin-label'),
('clonazepam', 'hepatic=mild', 'precaution', 'patient_liver_disease', 'mild hepatic impairment: clonazepam is hepatically metabolised and contraindicated in significant liver disease; monitor liver function and sedation', 'klonopin-label'),
('clonazepam', 'age>=65', 'precaution', 'patient_elderly', 'older adult: start at the low end of the dose range and titrate slowly (sedation, ataxia, falls)', 'klonopin-label'),
('clonazepam', 'age>=65', 'warning', 'patient_beers', 'AGS Beers criteria: avoid benzodiazepines in adults >= 65 (cognitive impairment, delirium, falls, fractures, crashes)', 'ags-beers-2023'),
('clonazepam', 'age<18', 'warning', 'patient_pediatric', 'paediatric patient: safety and effectiveness below 18 years in panic disorder are not established; in seizure disorders infants and children up to 10 years or 30 kg are dosed by weight: start 0.01-0.03 mg/kg/day (not above 0.05 mg/kg/day) in 2-3 doses, increase by at most 0.25-0.5 mg every third day to a maintenance of 0.1-0.2 mg/kg/day; the adult defaults of cnsim do not apply', 'klonopin-label'),
('*', 'age<2', 'precaution', 'patient_infant_maturation', 'infant under 2 years: drug-metabolising enzymes are still maturing and cnsim scales clearance by body weight only (allometry), which overestimates clearance at this age: simulated concentrations are likely too low', 'anderson-holford-2008'),
('clonazepam', 'any', 'precaution', 'patient_cyp3a4', 'clonazepam is a CYP3A4 substrate: strong inhibitors may raise and inducers (carbamazepine, phenytoin, phenobarbital) lower its levels; check the interaction flags', 'klonopin-label'),
-- SSRIs: boxed suicidality warning (< 25 y) and pregnancy (class warnings, clinical-knowledge.md 2.3)
('fluoxetine', 'age<25', 'warning', 'patient_young_suicidality', 'boxed warning: antidepressants increased suicidal thoughts and behaviours in patients under 25; monitor closely for worsening and emergent suicidality', 'prozac-label'),
('sertraline', 'age<25', 'warning', 'patient_young_suicidality', 'boxed warning: antidepressants increased suicidal thoughts and behaviours in patients under 25; monitor closely for worsening and emergent suicidality', 'zoloft-label'),
('paroxetine', 'age<25', 'warning', 'patient_young_suicidality', 'boxed warning: antidepressants increased suicidal thoughts and behaviours in patients under 25; monitor closely for worsening and emergent suicidality', 'paxil-label'),
('citalopram', 'age<25', 'warning', 'patient_young_suicidality', 'boxed warning: antidepressants increased suicidal thoughts and behaviours in patients under 25; monitor closely for worsening and emergent suicidality', 'celexa-label'),
('escitalopram', 'age<25', 'warning', 'patient_young_suicidality', 'boxed warning: antidepressants increased suicidal thoughts and behaviours in patients under 25; monitor closely for worsening and emergent suicidality', 'lexapro-label'),
('fluvoxamine', 'age<25', 'warning', 'patient_young_suicidality', 'boxed warning: antidepressants increased suicidal thoughts and behaviours in patients under 25; monitor closely for worsening and emergent suicidality', 'luvox-label'),
('fluoxetine', 'pregnant', 'warning', 'patient_pregnancy', 'late-pregnancy SSRI exposure: neonatal adaptation problems (respiratory distress, feeding difficulty, jitteriness) and persistent pulmonary hypertension of the newborn (PPHN); weigh risks of untreated depression', 'prozac-label'),
('sertraline', 'pregnant', 'warning', 'patient_pregnancy', 'late-pregnancy SSRI exposure: neonatal adaptation problems (respiratory distress, feeding difficulty, jitteriness) and persistent pulmonary hypertension of the newborn (PPHN); weigh risks of untreated depression', 'zoloft-label'),
('paroxetine', 'pregnant', 'warning', 'patient_pregnancy', 'late-pregnancy SSRI exposure: neonatal adaptation problems (respiratory distress, feeding difficulty, jitteriness) and persistent pulmonary hypertension of the newborn (PPHN); weigh risks of untreated depression', 'paxil-label'),
('paroxetine', 'pregnant', 'warning', 'patient_pregnancy_cardiac', 'paroxetine: first-trimester exposure carries a signal for cardiac malformations; avoid starting in pregnancy or when planning pregnancy where possible', 'paxil-label'),
('citalopram', 'pregnant', 'warning', 'patient_pregnancy', 'late-pregnancy SSRI exposure: neonatal adaptation problems (respiratory distress, feeding difficulty, jitteriness) and persistent pulmonary hypertension of the newborn (PPHN); weigh risks of untreated depression', 'celexa-label'),
('escitalopram', 'pregnant', 'warning', 'patient_pregnancy', 'late-pregnancy SSRI exposure: neonatal adaptation problems (respiratory distress, feeding difficulty, jitteriness) and persistent pulmonary hypertension of the newborn (PPHN); weigh risks of untreated depression', 'lexapro-label'),
('fluvoxamine', 'pregnant', 'warning', 'patient_pregnancy', 'late-pregnancy SSRI exposure: neonatal adaptation problems (respiratory distress, feeding difficulty, jitteriness) and persistent pulmonary hypertension of the newborn (PPHN); weigh risks of untreated depression', 'luvox-label'),
-- citalopram 20 mg/day ceiling (FDA 2012 revision of the 2011 QT communication)
('citalopram', 'age>60', 'warning', 'patient_citalopram_max_20mg', 'citalopram over 60 years: maximum 20 mg/day (QT prolongation; higher exposure in the elderly)', 'fda-citalopram-2012'),
('citalopram', 'cyp2c19=poor', 'warning', 'patient_citalopram_max_20mg', 'citalopram in CYP2C19 poor metabolisers: maximum 20 mg/day (higher exposure, QT prolongation)', 'fda-citalopram-2012'),
('citalopram', 'hepatic>=mild', 'warning', 'patient_citalopram_max_20mg', 'citalopram with hepatic impairment: maximum 20 mg/day (lower clearance, QT prolongation)', 'fda-citalopram-2012'),
('citalopram', 'renal=severe', 'precaution', 'patient_renal', 'severe renal impairment: use with caution (not adequately studied)', 'celexa-label'),
('escitalopram', 'age>=65', 'precaution', 'patient_elderly', 'escitalopram in older adults: 10 mg/day recommended (higher exposure; hyponatraemia risk)', 'lexapro-label'),
('escitalopram', 'hepatic>=mild', 'precaution', 'patient_hepatic', 'escitalopram with hepatic impairment: 10 mg/day recommended (lower clearance)', 'lexapro-label'),
('escitalopram', 'renal=severe', 'precaution', 'patient_renal', 'severe renal impairment: use with caution (not adequately studied)', 'lexapro-label'),
-- diazepam (Valium label, Contraindications)
('diazepam', 'hepatic=severe', 'contraindication', 'patient_liver_disease', 'contraindicated in severe hepatic insufficiency', 'valium-label'),
-- pharmacogenetic recommendations (CPIC 2023, DPWG 2022); dose ceilings are in patient_dose_limits
('citalopram', 'cyp2c19=poor', 'precaution', 'patient_pgx', 'CYP2C19 poor metaboliser: consider an antidepressant not predominantly metabolised by CYP2C19; if citalopram is used, a lower starting dose, slower titration and a 50% lower maintenance dose', 'cpic-ssri-2023'),
('escitalopram', 'cyp2c19=poor', 'precaution', 'patient_pgx', 'CYP2C19 poor metaboliser: consider an antidepressant not predominantly metabolised by CYP2C19; if escitalopram is used, a lower starting dose, slower titration and a 50% lower maintenance dose', 'cpic-ssri-2023'),
('citalopram', 'cyp2c19=intermediate', 'precaution', 'patient_pgx', 'CYP2C19 intermediate metaboliser: standard starting dose, consider slower titration and a lower maintenance dose', 'cpic-ssri-2023'),
('escitalopram', 'cyp2c19=intermediate', 'precaution', 'patient_pgx', 'CYP2C19 intermediate metaboliser: standard starting dose, consider slower titration and a lower maintenance dose', 'cpic-ssri-2023'),
('citalopram', 'cyp2c19=ultrarapid', 'warning', 'patient_pgx', 'CYP2C19 ultrarapid metaboliser: lower exposure; consider an antidepressant not predominantly metabolised by CYP2C19', 'cpic-ssri-2023'),
('escitalopram', 'cyp2c19=ultrarapid', 'warning', 'patient_pgx', 'CYP2C19 ultrarapid metaboliser: lower exposure (about 20%); avoid escitalopram, consider an antidepressant not predominantly metabolised by CYP2C19', 'dpwg-ssri-2022'),
('sertraline', 'cyp2c19=poor', 'precaution', 'patient_pgx', 'CYP2C19 poor metaboliser: lower starting dose and slower titration; consider a 50% lower maintenance dose or an alternative antidepressant', 'cpic-ssri-2023'),
('sertraline', 'cyp2c19=intermediate', 'precaution', 'patient_pgx', 'CYP2C19 intermediate metaboliser: standard starting dose, consider slower titration and a lower maintenance dose', 'cpic-ssri-2023'),
('paroxetine', 'cyp2d6=poor', 'precaution', 'patient_pgx', 'CYP2D6 poor metaboliser: much higher exposure; consider a lower starting dose and slower titration, or an alternative not predominantly metabolised by CYP2D6', 'cpic-ssri-2023'),
('paroxetine', 'cyp2d6=ultrarapid', 'warning', 'patient_pgx', 'CYP2D6 ultrarapid metaboliser: low or undetectable levels likely; avoid paroxetine, choose an antidepressant not predominantly metabolised by CYP2D6', 'dpwg-ssri-2022'),
('fluvoxamine', 'cyp2d6=poor', 'precaution', 'patient_pgx', 'CYP2D6 poor metaboliser: higher exposure; consider a lower starting dose and slower titration', 'cpic-ssri-2023');

INSERT INTO patient_covariates (drug, condition, param, factor, exponent, basis, source, note) VALUES
-- body weight: allometry about 70 kg
('*', 'weight', 'cl', 1, 0.75, 'assumed', 'anderson-holford-2008', 'default allometry CL x (W/70)^0.75'),
('*', 'weight', 'q', 1, 0.75, 'assumed', 'anderson-holford-2008', 'default allometry Q x (W/70)^0.75'),
('*', 'weight', 'v', 1, 1.0, 'assumed', 'anderson-holford-2008', 'default allometry V x W/70'),
('clonazepam', 'weight', 'cl', 1, 0.75, 'literature', 'kruizinga2022', 'allometric CL x (W/70)^0.75 as in the Kruizinga 2022 population model'),
('clonazepam', 'weight', 'q', 1, 0.75, 'literature', 'kruizinga2022', 'allometric Q x (W/70)^0.75 as in the Kruizinga 2022 population model'),
('clonazepam', 'weight', 'v', 1, 1.0, 'literature', 'kruizinga2022', 'allometric V x W/70 as in the Kruizinga 2022 population model'),
-- Conversions: an AUC (or steady-state concentration) ratio R at the same
-- dose is a clearance factor 1/R; a half-life ratio R at an unchanged
-- volume (none stated) is a clearance factor 1/R. For paroxetine the
-- factor scales both the linear clearance and the saturable CYP2D6 Vmax.
-- elderly
('citalopram', 'age>60', 'cl', 0.8, NULL, 'label', 'celexa-label', 'elderly AUC +23% and +30% in two studies (label); CL x 0.8'),
('escitalopram', 'age>=65', 'cl', 0.67, NULL, 'label', 'lexapro-label', 'elderly AUC about +50%, half-life about +50% (label); CL x 0.67'),
('sertraline', 'age>=65', 'cl', 0.6, NULL, 'label', 'zoloft-label', 'elderly (16 subjects, 100 mg/day for 14 days): plasma clearance about 40% lower than in younger adults (label, 12.3); CL x 0.6'),
('paroxetine', 'age>=65', 'cl', 0.57, NULL, 'label', 'paxil-label', 'elderly, 20-40 mg/day: Cmin about 70-80% higher than in non-elderly (label, Elderly Patients); CL x 1/1.75 = 0.57'),
('paroxetine', 'age>=65', 'vmax', 0.57, NULL, 'label', 'paxil-label', 'elderly: Cmin about 70-80% higher (label); saturable CYP2D6 Vmax x 0.57 with the linear CL'),
('fluvoxamine', 'age>=65', 'cl', 0.5, NULL, 'label', 'luvox-label', 'elderly (66-73 y vs 19-35 y): clearance reduced by about 50% (label, Geriatric; from memory, verify; oral CL halved also in Orlando 2010)'),
('lorazepam', 'age>=60', 'cl', 0.8, NULL, 'label', 'ativan-label', 'single IV 1.5-3 mg: total clearance about 20% lower at 60-84 y than at 19-38 y; label says age has no significant effect otherwise; CL x 0.8'),
('alprazolam', 'age>=65', 'cl', 0.67, NULL, 'label', 'xanax-label', 'healthy elderly: half-life 16.3 h (9.0-26.9) vs 11.0 h in young adults (label, 12.3); CL x 11.0/16.3 = 0.67 at unchanged V'),
('oxycodone', 'age>=65', 'cl', 0.87, NULL, 'label', 'roxicodone-label', 'elderly: plasma concentrations about 15% higher than in young subjects (label, Geriatric Use/12.3); CL x 1/1.15 = 0.87'),
-- hepatic impairment (Child-Pugh A/B/C = mild/moderate/severe)
('clonazepam', 'hepatic=mild', 'cl', 0.75, NULL, 'assumed', 'klonopin-label', 'assumed: the label contraindicates significant liver disease but gives no PK numbers'),
('clonazepam', 'hepatic=moderate', 'cl', 0.5, NULL, 'assumed', 'klonopin-label', 'assumed: the label contraindicates significant liver disease but gives no PK numbers'),
('clonazepam', 'hepatic=severe', 'cl', 0.35, NULL, 'assumed', 'klonopin-label', 'assumed: the label contraindicates significant liver disease but gives no PK numbers'),
('diazepam', 'hepatic>=mild', 'cl', 0.5, NULL, 'label', 'valium-label', 'mild and moderate cirrhosis: half-life 2- to 5-fold, V larger, average clearance decreases by almost half (label, Hepatic Insufficiency); severe not studied, same factor; CL x 0.5'),
('alprazolam', 'hepatic>=mild', 'cl', 0.58, NULL, 'label', 'xanax-label', 'alcoholic liver disease: half-life 19.7 h (5.8-65.3) vs 11.4 h in healthy subjects (label); one statement for every Child-Pugh class; CL x 0.58 at unchanged V'),
('citalopram', 'hepatic>=mild', 'cl', 0.63, NULL, 'label', 'celexa-label', 'oral clearance reduced 37%, half-life doubled in hepatic impairment (label); CL x 0.63'),
('escitalopram', 'hepatic>=mild', 'cl', 0.63, NULL, 'label', 'lexapro-label', 'racemic citalopram clearance reduced 37% in hepatic impairment (label); CL x 0.63'),
('sertraline', 'hepatic>=mild', 'cl', 0.33, NULL, 'label', 'zoloft-label', 'chronic mild impairment (Child-Pugh 5-8): about 3-fold exposure (label, 12.3); moderate and severe not studied, same factor; CL x 0.33'),
('paroxetine', 'hepatic>=mild', 'cl', 0.5, NULL, 'label', 'paxil-label', 'hepatic functional impairment: about 2-fold plasma concentrations (AUC, Cmax) (label, Renal and Liver Disease); one statement for every class; CL x 0.5'),
('paroxetine', 'hepatic>=mild', 'vmax', 0.5, NULL, 'label', 'paxil-label', 'hepatic impairment: about 2-fold concentrations (label); saturable CYP2D6 Vmax x 0.5 with the linear CL'),
('fluoxetine', 'hepatic>=mild', 'cl', 0.35, NULL, 'label', 'prozac-label', 'cirrhosis: half-life 7.6 vs 2-3 days (label); CL x 0.35 at unchanged V'),
('fluvoxamine', 'hepatic>=mild', 'cl', 0.7, NULL, 'label', 'luvox-label', 'hepatic dysfunction: clearance reduced about 30% in a cross-study comparison (label, from memory, verify); CL x 0.7'),
('oxycodone', 'hepatic>=mild', 'cl', 0.51, NULL, 'label', 'roxicodone-label', 'mild to moderate hepatic dysfunction (24 patients): oxycodone AUC +95%, Cmax +50% (label, 12.3); severe not studied, same factor; CL x 1/1.95 = 0.51'),
-- renal impairment (FDA CrCl bands: mild 60-89, moderate 30-59, severe < 30 mL/min)
('paroxetine', 'renal=moderate', 'cl', 0.5, NULL, 'label', 'paxil-label', 'CrCl 30-60 mL/min: about 2-fold plasma concentrations (label, Renal and Liver Disease); CL x 0.5'),
('paroxetine', 'renal=moderate', 'vmax', 0.5, NULL, 'label', 'paxil-label', 'CrCl 30-60 mL/min: about 2-fold concentrations (label); Vmax x 0.5 with the linear CL'),
('paroxetine', 'renal=severe', 'cl', 0.25, NULL, 'label', 'paxil-label', 'CrCl below 30 mL/min: mean plasma concentrations about 4 times those of normal volunteers (label); CL x 0.25'),
('paroxetine', 'renal=severe', 'vmax', 0.25, NULL, 'label', 'paxil-label', 'CrCl below 30 mL/min: about 4-fold concentrations (label); Vmax x 0.25 with the linear CL'),
('citalopram', 'renal=mild|renal=moderate', 'cl', 0.83, NULL, 'label', 'celexa-label', 'mild to moderate renal impairment: oral clearance reduced 17%, no dose adjustment recommended (label); CL x 0.83'),
('escitalopram', 'renal=mild|renal=moderate', 'cl', 0.83, NULL, 'label', 'lexapro-label', 'mild to moderate renal impairment: racemic citalopram oral clearance reduced 17% (label); CL x 0.83'),
('oxycodone', 'renal>=moderate', 'cl', 0.63, NULL, 'label', 'roxicodone-label', 'CrCl < 60 mL/min (13 patients): oxycodone AUC +60%, half-life +1 h (label, 12.3); CL x 1/1.6 = 0.63'),
('clarithromycin', 'renal=severe', 'cl', 0.5, NULL, 'label', 'biaxin-label', 'CrCl < 30 mL/min: the label halves the dose (Dosage, Renal Impairment); read as about 2-fold exposure at the same dose; CL x 0.5'),
-- sex
('oxycodone', 'sex=female', 'cl', 0.8, NULL, 'label', 'roxicodone-label', 'women: average plasma concentrations up to 25% higher than in men on a weight-adjusted basis, reason unknown (label, 12.3); CL x 0.8'),
-- genotype
('citalopram', 'cyp2c19=poor', 'cl', 0.48, NULL, 'label', 'celexa-label', 'CYP2C19 poor metabolisers: steady-state AUC +107%, Cmax +68% (label); CL x 0.48'),
('escitalopram', 'cyp2c19=poor', 'cl', 0.5, NULL, 'literature', 'cpic-ssri-2015', 'CYP2C19 poor metabolisers: exposure about 2-fold (CPIC 2015); Jukic 2018 found 3.3-fold serum levels in TDM data; CL x 0.5'),
('escitalopram', 'cyp2c19=intermediate', 'cl', 0.63, NULL, 'literature', 'jukic2018', 'Null/*1 carriers: 1.6-fold serum concentrations against *1/*1 (TDM, 2087 patients); CL x 1/1.6 = 0.63'),
('escitalopram', 'cyp2c19=rapid', 'cl', 1.11, NULL, 'literature', 'jukic2018', '*1/*17: serum concentrations 10% lower than *1/*1; CL x 1/0.9 = 1.11'),
('escitalopram', 'cyp2c19=ultrarapid', 'cl', 1.25, NULL, 'literature', 'jukic2018', '*17/*17: serum concentrations 20% lower than *1/*1; CL x 1/0.8 = 1.25'),
('sertraline', 'cyp2c19=poor', 'cl', 0.37, NULL, 'literature', 'braten2020', 'CYP2C19 PMs: dose-harmonised serum sertraline 2.68-fold NMs (n = 35); CL x 1/2.68 = 0.37'),
('sertraline', 'cyp2c19=intermediate', 'cl', 0.72, NULL, 'literature', 'braten2020', 'CYP2C19 IMs: serum sertraline 1.38-fold NMs (n = 321); CL x 1/1.38 = 0.72'),
('sertraline', 'cyp2c19=rapid', 'cl', 1.12, NULL, 'literature', 'braten2020', 'CYP2C19 *17 carriers (counted as UMs there): serum sertraline 0.89-fold NMs; CL x 1/0.89 = 1.12'),
('sertraline', 'cyp2c19=ultrarapid', 'cl', 1.12, NULL, 'literature', 'braten2020', 'CYP2C19 UMs (*1/*17 and *17/*17): serum sertraline 0.89-fold NMs (n = 351); CL x 1/0.89 = 1.12'),
('diazepam', 'cyp2c19=poor', 'cl', 0.5, NULL, 'literature', 'zhang1990', 'white CYP2C19 (S-mephenytoin) PMs: half-life 88.3 vs 40.8 h and clearance about half that of EMs; CL x 0.5'),
('paroxetine', 'cyp2d6=poor', 'vmax', 0, NULL, 'literature', 'sindrup1992', 'CYP2D6 poor metabolisers lack the saturable high-affinity pathway: linear kinetics, higher exposure (Sindrup 1992); Vmax x 0'),
('paroxetine', 'cyp2d6=poor', 'cyp2d6_activity', 0, NULL, 'literature', 'sindrup1992', 'CYP2D6 poor metabolisers have no CYP2D6: its share of paroxetine clearance (0.40) and its first-pass extraction (0.74) are gone, while the other routes stay (Sindrup 1992: after 30 mg, AUC 3910 vs 550 nmol h/L in extensive metabolisers, about 7-fold; at steady state 4410 vs 2550, about 2-fold, because paroxetine inactivates the CYP2D6 of extensive metabolisers)'),
('fluoxetine', 'cyp2d6=poor', 'cl', 0.5, NULL, 'assumed', 'prozac-label', 'label: CYP2D6 poor metabolisers have higher S-fluoxetine levels while the active moiety changes less; parent CL x 0.5 assumed');

-- Where the source states no effect, or gives no factor, for a condition.
-- Each row appears in the output as a covariate_none note.
INSERT INTO patient_covariates (drug, condition, param, factor, exponent, basis, source, note, effect) VALUES
-- elderly
('clonazepam', 'age>=65', 'cl', 1, NULL, 'label', 'klonopin-label', 'no PK data in the elderly (no clinical studies in patients over 65); the label advises starting low; no factor', 'none'),
('diazepam', 'age>=65', 'cl', 1, NULL, 'literature', 'klotz1975', 'plasma clearance shows no significant age dependence; the half-life rises (about 1 h per year of age, label) through a larger V, not modelled; no CL factor', 'none'),
('chlordiazepoxide', 'age>=65', 'cl', 1, NULL, 'label', 'librium-label', 'the label limits elderly doses to the smallest effective amount but gives no PK factor', 'none'),
('oxazepam', 'age>=65', 'cl', 1, NULL, 'label', 'oxazepam-label', 'the label gives no elderly PK factor (oxazepam is glucuronidated, no oxidative step); no factor', 'none'),
('fluoxetine', 'age>=65', 'cl', 1, NULL, 'label', 'prozac-label', 'healthy elderly (> 65 y): single-dose disposition did not differ significantly from younger subjects (label); no factor', 'none'),
('ethanol', 'age>=65', 'cl', 1, NULL, 'assumed', 'norberg2003', 'no label; cnsim applies no age factor to ethanol elimination (Norberg 2003 reviews age among sources of variability)', 'none'),
('clarithromycin', 'age>=65', 'cl', 1, NULL, 'label', 'biaxin-label', 'elderly: higher concentrations follow lower renal function; the label adjusts only for severe renal impairment; no age factor', 'none'),
('carbamazepine', 'age>=65', 'cl', 1, NULL, 'label', 'tegretol-label', 'the label gives no elderly PK factor', 'none'),
-- hepatic
('lorazepam', 'hepatic>=mild', 'cl', 1, NULL, 'label', 'ativan-label', 'the label advises caution in hepatic impairment but gives no PK factor (glucuronidation, no oxidative step)', 'none'),
('chlordiazepoxide', 'hepatic>=mild', 'cl', 1, NULL, 'label', 'librium-label', 'the label advises caution in impaired hepatic function but gives no PK factor', 'none'),
('oxazepam', 'hepatic>=mild', 'cl', 1, NULL, 'label', 'oxazepam-label', 'the label gives no hepatic PK factor', 'none'),
('ethanol', 'hepatic>=mild', 'cl', 1, NULL, 'assumed', 'norberg2003', 'no label; cnsim applies no liver-disease factor to ethanol elimination', 'none'),
('clarithromycin', 'hepatic>=mild', 'cl', 1, NULL, 'label', 'biaxin-label', 'hepatic impairment with normal renal function: steady-state concentrations did not differ from healthy subjects, no adjustment (label)', 'none'),
('carbamazepine', 'hepatic>=mild', 'cl', 1, NULL, 'label', 'tegretol-label', 'the label advises caution in hepatic disease but gives no PK factor', 'none'),
-- renal
('clonazepam', 'renal>=mild', 'cl', 1, NULL, 'label', 'klonopin-label', 'metabolites are excreted by the kidneys: caution, but no PK factor in the label', 'none'),
('diazepam', 'renal>=mild', 'cl', 1, NULL, 'label', 'valium-label', 'the label gives no renal PK factor (hepatic elimination)', 'none'),
('alprazolam', 'renal>=mild', 'cl', 1, NULL, 'label', 'xanax-label', 'the label gives no renal PK factor', 'none'),
('lorazepam', 'renal>=mild', 'cl', 1, NULL, 'label', 'ativan-label', 'the label advises caution in renal impairment but gives no PK factor for lorazepam (its inactive glucuronide accumulates)', 'none'),
('sertraline', 'renal>=mild', 'cl', 1, NULL, 'label', 'zoloft-label', 'sertraline PK unaffected by renal impairment, including dialysis (label); no factor', 'none'),
('citalopram', 'renal=severe', 'cl', 1, NULL, 'label', 'celexa-label', 'no information below CrCl 20 mL/min (label); no factor, use with caution', 'none'),
('escitalopram', 'renal=severe', 'cl', 1, NULL, 'label', 'lexapro-label', 'no information below CrCl 20 mL/min (label); no factor, use with caution', 'none'),
('fluoxetine', 'renal>=mild', 'cl', 1, NULL, 'label', 'prozac-label', 'dialysis patients on 20 mg/day for 2 months: steady-state levels comparable to normal renal function (label); no factor', 'none'),
('fluvoxamine', 'renal>=mild', 'cl', 1, NULL, 'label', 'luvox-label', 'CrCl 5-45 mL/min: no change in clearance in a cross-study comparison (label, from memory, verify); no factor', 'none'),
('clarithromycin', 'renal=mild|renal=moderate', 'cl', 1, NULL, 'label', 'biaxin-label', 'no dose adjustment above CrCl 30 mL/min without ritonavir or atazanavir (label); no factor', 'none'),
('carbamazepine', 'renal>=mild', 'cl', 1, NULL, 'label', 'tegretol-label', 'the label gives no renal PK factor', 'none'),
('ethanol', 'renal>=mild', 'cl', 1, NULL, 'assumed', 'norberg2003', 'no label; ethanol is eliminated mainly by hepatic oxidation; no factor', 'none'),
-- sex
('alprazolam', 'sex=female|sex=male', 'cl', 1, NULL, 'label', 'xanax-label', 'gender has no effect on alprazolam PK (label, 12.3); no factor', 'none'),
('citalopram', 'sex=female', 'cl', 1, NULL, 'label', 'celexa-label', 'AUC 1.5-2x in women in 3 studies, not in 5 others; no difference in clinical steady-state levels; no adjustment (label); no factor', 'none'),
('escitalopram', 'sex=female', 'cl', 1, NULL, 'label', 'lexapro-label', 'no relevant gender difference in PK (label); no factor', 'none'),
-- genotype
('citalopram', 'cyp2d6=poor', 'cl', 1, NULL, 'label', 'celexa-label', 'steady-state citalopram levels did not differ between CYP2D6 poor and extensive metabolisers (label); no factor', 'none'),
('citalopram', 'cyp2c19=intermediate', 'cl', 1, NULL, 'label', 'celexa-label', 'the label gives a factor for poor metabolisers only; DPWG caps IM doses (see the dose limits); no PK factor', 'none'),
('diazepam', 'cyp2c19=intermediate', 'cl', 1, NULL, 'literature', 'qin1999', 'heterozygotes cleared 7.2 vs 19.5 mL/min in Chinese men (Qin 1999), where the PM contrast is larger than in white subjects; no factor', 'none'),
('fluvoxamine', 'cyp2d6=poor', 'cl', 1, NULL, 'literature', 'cpic-ssri-2023', 'higher exposure in CYP2D6 PMs but no factor given; CPIC advises a lower starting dose and slower titration; no PK factor', 'none'),
('paroxetine', 'cyp2d6=ultrarapid', 'cl', 1, NULL, 'literature', 'cpic-ssri-2023', 'lower exposure expected, no factor given; CPIC and DPWG advise an alternative drug; no PK factor', 'none'),
('oxycodone', 'cyp2d6=poor|cyp2d6=intermediate|cyp2d6=ultrarapid', 'cl', 1, NULL, 'literature', 'crews2021', 'CYP2D6 forms the minor metabolite oxymorphone; CPIC 2021 makes no recommendation for oxycodone; no factor', 'none');

INSERT INTO patient_dose_limits (drug, condition, max_mg_per_day, source, note) VALUES
('citalopram', 'cyp2c19=poor', 20, 'fda-citalopram-2012', 'CYP2C19 poor metabolisers: maximum 20 mg/day (QT prolongation)'),
('citalopram', 'cyp2c19=poor', 20, 'dpwg-ssri-2022', 'CYP2C19 PM: do not exceed 20 mg/day (50% of the standard maximum)'),
('citalopram', 'cyp2c19=poor&age>=65', 10, 'dpwg-ssri-2022', 'CYP2C19 PM aged 65 or older: do not exceed 10 mg/day'),
('citalopram', 'cyp2c19=intermediate', 30, 'dpwg-ssri-2022', 'CYP2C19 IM: do not exceed 30 mg/day'),
('citalopram', 'cyp2c19=intermediate&age>=65', 15, 'dpwg-ssri-2022', 'CYP2C19 IM aged 65 or older: do not exceed 15 mg/day'),
('citalopram', 'age>60', 20, 'fda-citalopram-2012', 'patients over 60: maximum 20 mg/day'),
('citalopram', 'hepatic>=mild', 20, 'fda-citalopram-2012', 'hepatic impairment: maximum 20 mg/day'),
('escitalopram', 'cyp2c19=poor', 10, 'dpwg-ssri-2022', 'CYP2C19 PM: do not exceed 10 mg/day (50% of the standard maximum)'),
('escitalopram', 'cyp2c19=poor&age>=65', 5, 'dpwg-ssri-2022', 'CYP2C19 PM aged 65 or older: do not exceed 5 mg/day'),
('escitalopram', 'cyp2c19=intermediate', 15, 'dpwg-ssri-2022', 'CYP2C19 IM: do not exceed 15 mg/day (75% of the standard maximum)'),
('escitalopram', 'cyp2c19=intermediate&age>=65', 7.5, 'dpwg-ssri-2022', 'CYP2C19 IM aged 65 or older: do not exceed 7.5 mg/day'),
('escitalopram', 'age>=65', 10, 'lexapro-label', 'elderly: 10 mg/day is the recommended dose'),
('escitalopram', 'hepatic>=mild', 10, 'lexapro-label', 'hepatic impairment: 10 mg/day is the recommended dose'),
('sertraline', 'cyp2c19=poor', 75, 'dpwg-ssri-2022', 'CYP2C19 PM: do not give doses above 75 mg/day; guide by response, side effects or plasma level'),
('paroxetine', 'age>=65|hepatic=severe|renal=severe', 40, 'paxil-label', 'elderly, debilitated, severe renal or hepatic impairment: start at 10 mg/day, do not exceed 40 mg/day');
