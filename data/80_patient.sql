-- Patient profiles (cnsim simulate --patient): the label precautions and
-- contraindications a profile triggers, and the covariate effects a profile
-- has on PK parameters. Read by src/clinical/patient_rules.c.
--
-- Conditions: a profile key (pregnant, breastfeeding, copd, sleep-apnea,
-- substance-use, depression), alternatives joined by '|'
-- ('copd|sleep-apnea'), a comparison on age, weight, hepatic or renal
-- ('age>=65', 'age<25', 'hepatic>=moderate'; none < mild < moderate <
-- severe), a genotype ('cyp2c19=poor'), or 'any' (every profile).
-- drug is a drug name, a class name (any level up the hierarchy), or '*'.
-- The most specific row wins per (condition, param) for covariates.
INSERT INTO sources (id, authors, year, title, journal_or_label, pmid, doi, url, note) VALUES
('ags-beers-2023', 'American Geriatrics Society Beers Criteria Update Expert Panel', 2023, 'American Geriatrics Society 2023 updated AGS Beers Criteria for potentially inappropriate medication use in older adults', 'J Am Geriatr Soc 71(7):2052-2081', '37139824', '10.1111/jgs.18372', NULL, 'Benzodiazepines: avoid in adults >= 65 (cognitive impairment, delirium, falls, fractures, motor vehicle crashes). Citation from memory, verify.'),
('cpic-ssri-2015', 'Hicks JK, Bishop JR, Sangkuhl K, et al.', 2015, 'Clinical Pharmacogenetics Implementation Consortium (CPIC) guideline for CYP2D6 and CYP2C19 genotypes and dosing of selective serotonin reuptake inhibitors', 'Clin Pharmacol Ther 98(2):127-134', '25974703', '10.1002/cpt.147', NULL, 'CYP2C19 poor metabolisers: citalopram/escitalopram exposure about 2-fold (consider 50% dose reduction); sertraline modestly higher; paroxetine higher in CYP2D6 PMs. Numbers from memory, verify.'),
('anderson-holford-2008', 'Anderson BJ, Holford NHG', 2008, 'Mechanism-based concepts of size and maturity in pharmacokinetics', 'Annu Rev Pharmacol Toxicol 48:303-332', '17914927', NULL, NULL, 'Allometric scaling of clearances by (W/70)^0.75 and volumes by W/70, used as the default for drugs without a drug-specific weight model. Also: clearance maturation in infants (enzymes such as CYP3A4 still developing) is not captured by allometry alone, which overpredicts clearance under about 2 years.'),
('cdc-growth-2000', 'Kuczmarski RJ, Ogden CL, Guo SS, Grummer-Strawn LM, Flegal KM, Mei Z, Wei R, Curtin LR, Roche AF, Johnson CL', 2002, '2000 CDC Growth Charts for the United States: methods and development', 'Vital Health Stat 11(246):1-190 (National Center for Health Statistics)', '12043359', NULL, 'https://www.cdc.gov/growthcharts/cdc-data-files.htm', 'Weight-for-age LMS parameters by sex, birth to 36 months (wtageinf) and 2 to 20 years (wtage). src/patient/growth.c keeps birth, 0.5-21.5 months and 24-240 months every 6 months: the median weight for a child without a weight, and the plausible range with cdc-biv.'),
('cdc-biv', 'Centers for Disease Control and Prevention, Division of Nutrition, Physical Activity, and Obesity', 2016, 'A SAS program for the 2000 CDC growth charts (ages 0 to <20 years): biologically implausible values', 'CDC growth chart resources (cut-offs revised 2016)', NULL, NULL, 'https://www.cdc.gov/growth-chart-training/hcp/computer-programs/sas.html', 'Weight-for-age is flagged biologically implausible at a modified z-score below -5 or above +8 (one modified unit: half the distance from the median to the z = -2 value below it, or to the z = +2 value above it). cnsim refuses a child''s weight outside that range.'),
('nchs-maternal-age', 'National Center for Health Statistics', 2023, 'Health, United States: sources and definitions, Age', 'NCHS, Health, United States', NULL, NULL, 'https://www.cdc.gov/nchs/hus/sources-definitions/age.htm', 'Birth statistics: mother''s age is imputed (treated as an error) when stated as 8 years or under or 65 years or over. cnsim accepts pregnant or breastfeeding profiles at 9-64 years.');

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
    param     TEXT NOT NULL CHECK (param IN ('cl', 'v', 'q', 'vmax')),
    factor    REAL NOT NULL,          -- multiplier (ignored for 'weight')
    exponent  REAL,                   -- 'weight': (W/70)^exponent
    basis     TEXT NOT NULL CHECK (basis IN ('label', 'literature', 'assumed')),
    source    TEXT NOT NULL REFERENCES sources(id),
    note      TEXT NOT NULL,
    PRIMARY KEY (drug, condition, param)
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
('escitalopram', 'renal=severe', 'precaution', 'patient_renal', 'severe renal impairment: use with caution (not adequately studied)', 'lexapro-label');

INSERT INTO patient_covariates (drug, condition, param, factor, exponent, basis, source, note) VALUES
-- body weight: allometry about 70 kg
('*', 'weight', 'cl', 1, 0.75, 'assumed', 'anderson-holford-2008', 'default allometry CL x (W/70)^0.75'),
('*', 'weight', 'q', 1, 0.75, 'assumed', 'anderson-holford-2008', 'default allometry Q x (W/70)^0.75'),
('*', 'weight', 'v', 1, 1.0, 'assumed', 'anderson-holford-2008', 'default allometry V x W/70'),
('clonazepam', 'weight', 'cl', 1, 0.75, 'literature', 'kruizinga2022', 'allometric CL x (W/70)^0.75 as in the Kruizinga 2022 population model'),
('clonazepam', 'weight', 'q', 1, 0.75, 'literature', 'kruizinga2022', 'allometric Q x (W/70)^0.75 as in the Kruizinga 2022 population model'),
('clonazepam', 'weight', 'v', 1, 1.0, 'literature', 'kruizinga2022', 'allometric V x W/70 as in the Kruizinga 2022 population model'),
-- age (clonazepam: no strong age effect on clearance reported; none applied)
('citalopram', 'age>60', 'cl', 0.8, NULL, 'label', 'celexa-label', 'elderly AUC +23% and +30% in two studies (label); CL x 0.8'),
('escitalopram', 'age>=65', 'cl', 0.67, NULL, 'label', 'lexapro-label', 'elderly AUC about +50%, half-life about +50% (label); CL x 0.67'),
-- hepatic impairment
('clonazepam', 'hepatic=mild', 'cl', 0.75, NULL, 'assumed', 'klonopin-label', 'assumed: the label contraindicates significant liver disease but gives no PK numbers'),
('clonazepam', 'hepatic=moderate', 'cl', 0.5, NULL, 'assumed', 'klonopin-label', 'assumed: the label contraindicates significant liver disease but gives no PK numbers'),
('clonazepam', 'hepatic=severe', 'cl', 0.35, NULL, 'assumed', 'klonopin-label', 'assumed: the label contraindicates significant liver disease but gives no PK numbers'),
('citalopram', 'hepatic>=mild', 'cl', 0.63, NULL, 'label', 'celexa-label', 'oral clearance reduced 37%, half-life doubled in hepatic impairment (label); CL x 0.63'),
('escitalopram', 'hepatic>=mild', 'cl', 0.63, NULL, 'label', 'lexapro-label', 'racemic citalopram clearance reduced 37% in hepatic impairment (label); CL x 0.63'),
('sertraline', 'hepatic>=mild', 'cl', 0.33, NULL, 'label', 'zoloft-label', 'mild stable cirrhosis: AUC about 3-fold, half-life 52 vs 22 h (label, from memory, verify); CL x 0.33'),
('paroxetine', 'hepatic>=moderate', 'cl', 0.5, NULL, 'assumed', 'paxil-label', 'label: higher concentrations in severe hepatic impairment, no factor given; CL x 0.5 assumed'),
('paroxetine', 'hepatic>=moderate', 'vmax', 0.5, NULL, 'assumed', 'paxil-label', 'label: higher concentrations in severe hepatic impairment, no factor given; Vmax x 0.5 assumed'),
('fluoxetine', 'hepatic>=mild', 'cl', 0.35, NULL, 'label', 'prozac-label', 'cirrhosis: half-life 7.6 vs 2-3 days (label); CL x 0.35 at unchanged V'),
('fluvoxamine', 'hepatic>=mild', 'cl', 0.7, NULL, 'label', 'luvox-label', 'hepatic dysfunction: clearance reduced about 30% (label, from memory, verify); CL x 0.7'),
-- genotype
('citalopram', 'cyp2c19=poor', 'cl', 0.48, NULL, 'label', 'celexa-label', 'CYP2C19 poor metabolisers: steady-state AUC +107%, Cmax +68% (label, from memory, verify); CL x 0.48'),
('escitalopram', 'cyp2c19=poor', 'cl', 0.5, NULL, 'literature', 'cpic-ssri-2015', 'CYP2C19 poor metabolisers: exposure about 2-fold (CPIC 2015, label notes the 2C19 pathway); CL x 0.5'),
('sertraline', 'cyp2c19=poor', 'cl', 0.7, NULL, 'literature', 'cpic-ssri-2015', 'CYP2C19 poor metabolisers: modestly higher exposure (CPIC 2015); CL x 0.7'),
('paroxetine', 'cyp2d6=poor', 'vmax', 0, NULL, 'literature', 'sindrup1992', 'CYP2D6 poor metabolisers lack the saturable high-affinity pathway: linear kinetics, higher exposure (Sindrup 1992); Vmax x 0'),
('fluoxetine', 'cyp2d6=poor', 'cl', 0.5, NULL, 'assumed', 'prozac-label', 'label: CYP2D6 poor metabolisers have higher S-fluoxetine levels while the active moiety changes less; parent CL x 0.5 assumed');
