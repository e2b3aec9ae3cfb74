-- Benzodiazepines: clonazepam (+ 7-aminoclonazepam), diazepam
-- (+ desmethyldiazepam), alprazolam, lorazepam, oxazepam, chlordiazepoxide
-- (+ desmethylchlordiazepoxide -> demoxepam -> desmethyldiazepam).
-- PK derivations are in each pk_params.note and in docs/registry.md.

INSERT INTO drugs (name, display_name, kind, parent_drug, mw_g_per_mol, mw_source, mechanism, mechanism_source) VALUES
('clonazepam', 'Clonazepam', 'parent', NULL, 315.7, 'pubchem',
 'Benzodiazepine: positive allosteric modulator at the benzodiazepine site of GABA-A receptors; increases the frequency of GABA-evoked chloride-channel opening, hyperpolarising neurons and damping excitability. The label states the exact antiseizure and antipanic mechanism is unknown but believed to be enhanced GABA activity.',
 'griffin2013'),
('7-aminoclonazepam', '7-Aminoclonazepam', 'metabolite', 'clonazepam', 285.7, 'pubchem',
 'Main plasma metabolite of clonazepam, formed by CYP3A4 nitroreduction and cleared by NAT2 acetylation; weak activity at the benzodiazepine site compared with the parent.',
 'miller1981'),
('diazepam', 'Diazepam', 'parent', NULL, 284.7, 'pubchem',
 'Benzodiazepine: positive allosteric modulator at the benzodiazepine site of GABA-A receptors (more frequent chloride-channel opening).',
 'griffin2013'),
('desmethyldiazepam', 'Desmethyldiazepam (nordazepam)', 'metabolite', 'diazepam', 270.7, 'pubchem',
 'Active N-demethylated metabolite of diazepam (CYP2C19/CYP3A4) with benzodiazepine activity and a longer half-life than the parent.',
 'valium-label'),
('alprazolam', 'Alprazolam', 'parent', NULL, 308.8, 'pubchem',
 'Triazolobenzodiazepine: positive allosteric modulator at the benzodiazepine site of GABA-A receptors.',
 'griffin2013'),
('lorazepam', 'Lorazepam', 'parent', NULL, 321.2, 'pubchem',
 'Benzodiazepine: positive allosteric modulator at the benzodiazepine site of GABA-A receptors; cleared by glucuronidation without CYP metabolism.',
 'ativan-label'),
('oxazepam', 'Oxazepam', 'parent', NULL, 286.7, 'pubchem',
 'Benzodiazepine: positive allosteric modulator at the benzodiazepine site of GABA-A receptors; cleared by glucuronidation.',
 'oxazepam-label'),
('chlordiazepoxide', 'Chlordiazepoxide', 'parent', NULL, 299.8, 'pubchem',
 'Benzodiazepine: positive allosteric modulator at the benzodiazepine site of GABA-A receptors; oxidised by CYP3A4 to long-lived active metabolites.',
 'librium-label'),
('desmethylchlordiazepoxide', 'Desmethylchlordiazepoxide', 'metabolite', 'chlordiazepoxide', 285.7, 'pubchem',
 'First active metabolite of chlordiazepoxide (N-demethylation), itself converted to demoxepam; pharmacologically active at the benzodiazepine site.',
 'greenblatt1978'),
('demoxepam', 'Demoxepam', 'metabolite', 'chlordiazepoxide', 286.7, 'pubchem',
 'Active lactam metabolite of chlordiazepoxide formed from desmethylchlordiazepoxide; reduced mainly to desmethyldiazepam (nordazepam).',
 'greenblatt1978');

INSERT INTO synonyms (name, drug, kind, source) VALUES
('Klonopin', 'clonazepam', 'brand', 'klonopin-label'),
('Klonopin Wafers', 'clonazepam', 'brand', 'clonazepam-odt-label'),
('Rivotril', 'clonazepam', 'brand', 'rivotril-smpc'),
('7-amino-clonazepam', '7-aminoclonazepam', 'abbrev', 'sjo1975'),
('7-aminoclonazepam', '7-aminoclonazepam', 'generic', 'sjo1975'),
('Valium', 'diazepam', 'brand', 'valium-label'),
('nordazepam', 'desmethyldiazepam', 'generic', 'atc-whocc'),
('nordiazepam', 'desmethyldiazepam', 'generic', 'valium-label'),
('N-desmethyldiazepam', 'desmethyldiazepam', 'generic', 'valium-label'),
('Xanax', 'alprazolam', 'brand', 'xanax-label'),
('Ativan', 'lorazepam', 'brand', 'ativan-label'),
('Serax', 'oxazepam', 'brand', 'ashton2002'),
('Librium', 'chlordiazepoxide', 'brand', 'librium-label');

INSERT INTO atc_codes (drug, code, source) VALUES
('clonazepam', 'N03AE01', 'atc-whocc'),
('diazepam', 'N05BA01', 'atc-whocc'),
('desmethyldiazepam', 'N05BA16', 'atc-whocc'),
('alprazolam', 'N05BA12', 'atc-whocc'),
('lorazepam', 'N05BA06', 'atc-whocc'),
('oxazepam', 'N05BA04', 'atc-whocc'),
('chlordiazepoxide', 'N05BA02', 'atc-whocc');

INSERT INTO drug_classes (drug, class, rank, source) VALUES
('clonazepam', 'benzodiazepine', 1, 'klonopin-label'),
('clonazepam', 'antiepileptic', 2, 'atc-whocc'),
('7-aminoclonazepam', 'benzodiazepine', 1, 'pubchem'),
('diazepam', 'benzodiazepine', 1, 'valium-label'),
('diazepam', 'anxiolytic', 2, 'atc-whocc'),
('desmethyldiazepam', 'benzodiazepine', 1, 'atc-whocc'),
('desmethyldiazepam', 'anxiolytic', 2, 'atc-whocc'),
('alprazolam', 'benzodiazepine', 1, 'xanax-label'),
('alprazolam', 'anxiolytic', 2, 'atc-whocc'),
('lorazepam', 'benzodiazepine', 1, 'ativan-label'),
('lorazepam', 'anxiolytic', 2, 'atc-whocc'),
('oxazepam', 'benzodiazepine', 1, 'oxazepam-label'),
('oxazepam', 'anxiolytic', 2, 'atc-whocc'),
('chlordiazepoxide', 'benzodiazepine', 1, 'librium-label'),
('chlordiazepoxide', 'anxiolytic', 2, 'atc-whocc');

INSERT INTO targets (drug, target, action, source) VALUES
('clonazepam', 'GABA-A receptor (benzodiazepine site)', 'positive allosteric modulator', 'griffin2013'),
('7-aminoclonazepam', 'GABA-A receptor (benzodiazepine site)', 'weak modulator', 'miller1981'),
('diazepam', 'GABA-A receptor (benzodiazepine site)', 'positive allosteric modulator', 'griffin2013'),
('desmethyldiazepam', 'GABA-A receptor (benzodiazepine site)', 'positive allosteric modulator', 'valium-label'),
('alprazolam', 'GABA-A receptor (benzodiazepine site)', 'positive allosteric modulator', 'griffin2013'),
('lorazepam', 'GABA-A receptor (benzodiazepine site)', 'positive allosteric modulator', 'griffin2013'),
('oxazepam', 'GABA-A receptor (benzodiazepine site)', 'positive allosteric modulator', 'griffin2013'),
('chlordiazepoxide', 'GABA-A receptor (benzodiazepine site)', 'positive allosteric modulator', 'griffin2013');

INSERT INTO indications (drug, indication, status, population, note, source) VALUES
('clonazepam', 'panic disorder', 'approved', 'adult', 'with or without agoraphobia; efficacy shown in two 6- to 9-week trials', 'klonopin-label'),
('clonazepam', 'Lennox-Gastaut syndrome (petit mal variant)', 'approved', 'adult and child', 'alone or as adjunct', 'klonopin-label'),
('clonazepam', 'akinetic seizures', 'approved', 'adult and child', 'alone or as adjunct', 'klonopin-label'),
('clonazepam', 'myoclonic seizures', 'approved', 'adult and child', 'alone or as adjunct', 'klonopin-label'),
('clonazepam', 'absence seizures (petit mal)', 'approved', 'adult and child', 'in patients who failed to respond to succinimides', 'klonopin-label'),
('clonazepam', 'restless legs syndrome', 'off-label', 'adult', NULL, 'seed-003'),
('clonazepam', 'bipolar disorder (adjunct)', 'off-label', 'adult', NULL, 'seed-003'),
('clonazepam', 'myoclonus', 'off-label', 'adult', NULL, 'seed-003'),
('clonazepam', 'spasticity', 'off-label', 'adult', NULL, 'seed-003'),
('clonazepam', 'depression (short-term adjunct to an SSRI)', 'off-label', 'adult', 'faster early relief in the first 3 weeks, then tapered', 'smith1998'),
('diazepam', 'anxiety disorders', 'approved', 'adult', 'and short-term relief of anxiety symptoms', 'valium-label'),
('diazepam', 'acute alcohol withdrawal', 'approved', 'adult', NULL, 'valium-label'),
('diazepam', 'skeletal muscle spasm (adjunct)', 'approved', 'adult', NULL, 'valium-label'),
('diazepam', 'convulsive disorders (adjunct)', 'approved', 'adult', NULL, 'valium-label'),
('alprazolam', 'generalized anxiety disorder', 'approved', 'adult', NULL, 'xanax-label'),
('alprazolam', 'panic disorder', 'approved', 'adult', 'with or without agoraphobia', 'xanax-label'),
('lorazepam', 'anxiety disorders', 'approved', 'adult', 'including anxiety associated with depressive symptoms', 'ativan-label'),
('oxazepam', 'anxiety disorders', 'approved', 'adult', NULL, 'oxazepam-label'),
('oxazepam', 'acute alcohol withdrawal', 'approved', 'adult', NULL, 'oxazepam-label'),
('chlordiazepoxide', 'anxiety disorders', 'approved', 'adult', NULL, 'librium-label'),
('chlordiazepoxide', 'acute alcohol withdrawal', 'approved', 'adult', NULL, 'librium-label'),
('chlordiazepoxide', 'preoperative apprehension and anxiety', 'approved', 'adult', NULL, 'librium-label');

INSERT INTO formulations (drug, form, route, strengths_mg, is_default, ka_per_h, tlag_h, f_rel, pk_source, note, source) VALUES
('clonazepam', 'tablet', 'oral', '0.5,1,2', 1, NULL, NULL, NULL, NULL, 'absorption from pk_params (Greenblatt 2005 tablets)', 'klonopin-label'),
('clonazepam', 'odt', 'oral', '0.125,0.25,0.5,1,2', 0, NULL, NULL, NULL, NULL, 'orally disintegrating tablet, bioequivalent to the tablet: tablet absorption values apply', 'clonazepam-odt-label'),
('clonazepam', 'solution', 'oral', '2.5 mg/mL', 0, 1.106, 0, 1.0, 'kruizinga2022', 'oral drops (not marketed in the US); ka of the slow-absorption class (75% of subjects)', 'rivotril-smpc'),
('diazepam', 'tablet', 'oral', '2,5,10', 1, NULL, NULL, NULL, NULL, NULL, 'valium-label'),
('alprazolam', 'tablet', 'oral', '0.25,0.5,1,2', 1, NULL, NULL, NULL, NULL, NULL, 'xanax-label'),
('lorazepam', 'tablet', 'oral', '0.5,1,2', 1, NULL, NULL, NULL, NULL, NULL, 'ativan-label'),
('oxazepam', 'capsule', 'oral', '10,15,30', 1, NULL, NULL, NULL, NULL, NULL, 'oxazepam-label'),
('chlordiazepoxide', 'capsule', 'oral', '5,10,25', 1, NULL, NULL, NULL, NULL, NULL, 'librium-label');

INSERT INTO dose_limits (drug, indication, population, start_mg_per_day, usual_min_mg_per_day, usual_max_mg_per_day, max_mg_per_day, note, source) VALUES
('clonazepam', 'seizure disorders', 'adult', 1.5, NULL, NULL, 20, 'start <=1.5 mg/day in 3 divided doses; +0.5-1 mg every 3 days', 'klonopin-label'),
('clonazepam', 'seizure disorders', 'child <=10 y or <=30 kg', NULL, NULL, NULL, NULL, 'start 0.01-0.03 mg/kg/day (not above 0.05 mg/kg/day) in 2-3 doses; maintenance 0.1-0.2 mg/kg/day', 'klonopin-label'),
('clonazepam', 'panic disorder', 'adult', 0.5, 1, 1, 4, 'start 0.25 mg twice daily, 1 mg/day after 3 days; 1 mg/day was optimal in the fixed-dose trial; taper by 0.125 mg twice daily every 3 days', 'klonopin-label'),
('diazepam', 'anxiety disorders', 'adult', NULL, 4, 40, 40, '2-10 mg two to four times daily', 'valium-label'),
('diazepam', 'acute alcohol withdrawal', 'adult', NULL, 15, 40, 40, '10 mg three or four times in the first 24 h, then 5 mg three or four times daily', 'valium-label'),
('diazepam', 'skeletal muscle spasm (adjunct)', 'adult', NULL, 6, 40, 40, '2-10 mg three or four times daily', 'valium-label'),
('diazepam', 'convulsive disorders (adjunct)', 'adult', NULL, 4, 40, 40, '2-10 mg two to four times daily', 'valium-label'),
('diazepam', 'any', 'elderly', 2, 2, 5, NULL, '2-2.5 mg once or twice daily, increased gradually', 'valium-label'),
('alprazolam', 'generalized anxiety disorder', 'adult', 0.75, 0.75, 4, 4, '0.25-0.5 mg three times daily', 'xanax-label'),
('alprazolam', 'panic disorder', 'adult', 1.5, 1, 10, 10, '0.5 mg three times daily; increase by up to 1 mg/day every 3-4 days', 'xanax-label'),
('lorazepam', 'anxiety disorders', 'adult', 2, 2, 6, 10, '2-3 mg/day in 2-3 doses; usual 2-6 mg/day; range 1-10 mg/day', 'ativan-label'),
('oxazepam', 'anxiety disorders', 'adult', 30, 30, 120, 120, '10-15 mg three or four times daily; severe 15-30 mg three or four times daily', 'oxazepam-label'),
('oxazepam', 'acute alcohol withdrawal', 'adult', 45, 45, 120, 120, '15-30 mg three or four times daily', 'oxazepam-label'),
('chlordiazepoxide', 'anxiety disorders', 'adult', 15, 15, 100, 100, 'mild-moderate 5-10 mg three or four times daily; severe 20-25 mg three or four times daily', 'librium-label'),
('chlordiazepoxide', 'acute alcohol withdrawal', 'adult', 50, 50, 300, 300, '50-100 mg, repeated until agitation is controlled, up to 300 mg/day', 'librium-label');

-- PK. Clonazepam: Kruizinga 2022 two-compartment structure with F = 0.9:
-- Kruizinga's volumes and Q are apparent (F fixed to 1), so the true
-- values are 0.9 x (109.5, 130.6 L; 61.37 L/h). CL 4.2 L/h (CL/F 4.67 L/h)
-- is chosen for chronic dosing: terminal t1/2 36.5 h (label 30-40 h),
-- within 10% of the multiple-dose CL/F of Greenblatt 2005 (4.3 L/h, which
-- with these volumes would give 39.5 h). Vss = 216 L = 3.1 L/kg (label ~3).
INSERT INTO pk_params (drug, n_cmt, f, f_source, ka_per_h, tlag_h, ka_source, cl_L_per_h, cl_source, v1_L, v1_source,
    q2_L_per_h, v2_L, q3_L_per_h, v3_L, periph_source, vmax_mg_per_h, km_ng_mL, mm_source, fu, fu_source,
    metabolite, fm, fm_source, half_life_label_min_h, half_life_label_max_h, half_life_source,
    tmax_label_min_h, tmax_label_max_h, tmax_source, note) VALUES
('clonazepam', 2, 0.9, 'klonopin-label', 1.73, 0, 'greenblatt2005', 4.2, 'greenblatt2005', 98.6, 'kruizinga2022',
    55.2, 117.5, 0, 0, 'kruizinga2022', 0, 0, NULL, 0.15, 'klonopin-label',
    '7-aminoclonazepam', 0.7, 'miller1981', 30, 40, 'klonopin-label',
    1, 4, 'klonopin-label',
    'F 0.9 (label). ka = ln2/0.4 h = 1.73/h from the 24-min absorption half-life (Greenblatt 2005; SmPC 25 min). Structure and distribution from Kruizinga 2022 scaled by F to true values: V1 = 0.9*109.5 = 98.6 L, V2 = 0.9*130.6 = 117.5 L, Q = 0.9*61.37 = 55.2 L/h (Vss 216 L = 3.1 L/kg; SmPC ~3 L/kg). CL 4.2 L/h (CL/F 4.67) chosen for chronic dosing: Greenblatt 2005 CL/F 4.3 L/h multiple dose vs Kruizinga 2.98 L/h single dose in young adults; 4.2 gives terminal t1/2 36.5 h, centre of the label 30-40 h, distribution t1/2 0.66 h (SmPC 0.5-1 h), Tmax ~1.7 h, accumulation x4.9 at q12h (SmPC x5). fm 0.7: nitroreduction to 7-aminoclonazepam is the main pathway (Miller 1981), value assumed.'),
('diazepam', 2, 0.93, 'valium-label', 1.5, 0, 'valium-label', 1.48, 'greenblatt1989', 13, 'greenblatt1989',
    6, 67, 0, 0, 'greenblatt1989', 0, 0, NULL, 0.02, 'valium-label',
    'desmethyldiazepam', 0.7, 'valium-label', 20, 100, 'ashton2002',
    1, 1.5, 'valium-label',
    'Two compartments: a one-compartment model peaked at 118 ng/mL after 10 mg against 406 ng/mL measured (Greenblatt 1989, 48 men), because the early distribution phase sets the peak. F 0.93 (label: >90% absorbed). Vss 80 L = 1.14 L/kg (Greenblatt 1989 Vd 83 L; Klotz 1975 1.1 L/kg), split V1 13 L + V2 67 L with Q 6 L/h (distribution t1/2 about 1 h), fitted so that 10 mg gives Cmax 398 ng/mL at 1.05 h (label 1-1.5 h). CL 1.48 L/h = CL/F 26.5 mL/min (Greenblatt 1989: 26.6 mL/min) gives terminal t1/2 44 h (Greenblatt 1989: 44.2 h; label up to 48 h; Ashton 20-100 h). ka 1.5/h (absorption half-life 28 min) for the label Tmax. fm 0.7 to desmethyldiazepam: label names N-demethylation (CYP3A4/2C19) as the major pathway; fraction assumed.'),
('alprazolam', 1, 0.9, 'xanax-label', 2.5, 0, 'xanax-label', 3.9, 'xanax-label', 63, 'griffin2013',
    0, 0, 0, 0, NULL, 0, 0, NULL, 0.2, 'xanax-label',
    NULL, 0, NULL, 6.3, 26.9, 'xanax-label',
    1, 2, 'xanax-label',
    'F 0.9 (label: readily absorbed; literature 80-100%). V 0.9 L/kg = 63 L (reported 0.8-1.3 L/kg). CL 3.9 L/h (0.93 mL/min/kg) = ln2*63/11.2 h so t1/2 equals the label mean 11.2 h. ka 2.5/h gives Tmax 1.5 h (label 1-2 h). Hydroxylated metabolites (<10% of parent levels) not modelled.'),
('lorazepam', 1, 0.9, 'ativan-label', 1.8, 0, 'ativan-label', 5.26, 'ativan-label', 91, 'ativan-label',
    0, 0, 0, 0, NULL, 0, 0, NULL, 0.15, 'ativan-label',
    NULL, 0, NULL, 10, 20, 'ashton2002',
    1, 4, 'ativan-label',
    'F 0.9 (label ~90%). V 1.3 L/kg = 91 L. CL 5.26 L/h = ln2*91/12 h for the label t1/2 ~12 h. ka 1.8/h gives Tmax 2.0 h (label ~2 h). Glucuronide inactive, not modelled.'),
('oxazepam', 1, 0.93, 'oxazepam-label', 0.8, 0, 'oxazepam-label', 4.73, 'oxazepam-label', 56, 'griffin2013',
    0, 0, 0, 0, NULL, 0, 0, NULL, 0.04, 'oxazepam-label',
    NULL, 0, NULL, 5.7, 10.9, 'oxazepam-label',
    2, 4, 'oxazepam-label',
    'F 0.93 (well absorbed). V 0.8 L/kg = 56 L (reported 0.6-1.6 L/kg). CL 4.73 L/h = ln2*56/8.2 h for the label mean t1/2 8.2 h. ka 0.8/h gives Tmax 3.1 h (label ~3 h; slow absorption).'),
('chlordiazepoxide', 1, 1.0, 'librium-label', 1.2, 0, 'librium-label', 1.41, 'ashton2002', 24.5, 'griffin2013',
    0, 0, 0, 0, NULL, 0, 0, NULL, 0.04, 'librium-label',
    'desmethylchlordiazepoxide', 0.9, 'greenblatt1978', 5, 30, 'ashton2002',
    1, 4, 'librium-label',
    'F 1.0 (well absorbed). V 0.35 L/kg = 24.5 L (reported 0.3-0.5 L/kg). CL 1.41 L/h = ln2*24.5/12 h for t1/2 12 h (Ashton 5-30 h). ka 1.2/h gives Tmax 2.7 h. fm 0.9 to desmethylchlordiazepoxide: the parent''s elimination is mirrored by formation of this first active metabolite (Greenblatt 1978) and its hepatic extraction is low; the fraction itself is assumed. Further metabolites (demoxepam, desmethyldiazepam) in metabolite_chain.');

-- Metabolites. 7-aminoclonazepam: no published disposition parameters
-- were found. CL chosen so that the steady-state mass-concentration ratio
-- 7-amino/parent = fm*CL*(285.7/315.7)/CLm = 1.0, as measured at 6 mg/day
-- (Sjo 1975: both ~50 ng/mL); V chosen for a 35 h half-life (formation
-- and elimination of the metabolite then follow the parent's time scale).
INSERT INTO metabolite_pk (drug, parent, cl_L_per_h, cl_source, v_L, v_source,
    half_life_label_min_h, half_life_label_max_h, half_life_source, note) VALUES
('7-aminoclonazepam', 'clonazepam', 2.66, 'sjo1975', 134, 'sjo1975', NULL, NULL, NULL,
 'Derived, not measured: CLm = fm*CL*(MWm/MWp)/ratio = 0.7*4.2*0.905/1.0 = 2.66 L/h reproduces the ~1:1 steady-state ratio of Sjo 1975; V 134 L gives an assumed t1/2 of 35 h. Ratios vary with CYP3A status and NAT2 genotype (Toth 2016).'),
('desmethyldiazepam', 'diazepam', 0.61, 'valium-label', 63, 'ashton2002', 36, 200, 'ashton2002',
 'V 0.9 L/kg = 63 L (assumed similar to diazepam); CL 0.61 L/h = ln2*63/72 h for t1/2 72 h (label: up to 100 h; Ashton 36-200 h). Predicted steady-state ratio to diazepam 1.35 (fm 0.7).');

-- Chlordiazepoxide's metabolites. No clearance or volume of either is
-- published in what was found; the half-lives are (cdx-multidose1978,
-- Greenblatt 1978), so each clearance is set for a steady-state
-- concentration ratio to the parent of 1.0 (Css,m/Css,p = fm_chain
-- (MWm/MWp) CLp/CLm: once-daily dosing left both metabolites' troughs above
-- the parent's, cdx-multidose1978) and each volume for the half-life.
INSERT INTO metabolite_pk (drug, parent, cl_L_per_h, cl_source, v_L, v_source,
    half_life_label_min_h, half_life_label_max_h, half_life_source, note) VALUES
('desmethylchlordiazepoxide', 'chlordiazepoxide', 1.21, 'cdx-multidose1978', 24.4, 'cdx-multidose1978', 9.9, 17.7, 'cdx-multidose1978',
 'Derived, not measured: CL = 0.9*(285.7/299.8)*1.41 = 1.21 L/h for a steady-state ratio 1.0 to chlordiazepoxide (troughs above the parent on once-daily dosing); V = 1.21*14/ln2 = 24.4 L (0.35 L/kg, like the parent) for t1/2 14 h, the middle of the accumulation half-lives 9.9-17.7 h.'),
('demoxepam', 'chlordiazepoxide', 1.09, 'cdx-multidose1978', 70.8, 'cdx-multidose1978', 14, 95, 'greenblatt1978',
 'Derived, not measured: CL = 0.9*0.9*(286.7/299.8)*1.41 = 1.09 L/h for a steady-state ratio 1.0 to chlordiazepoxide (troughs above the parent on once-daily dosing); V = 1.09*45/ln2 = 70.8 L (1.0 L/kg) for t1/2 45 h, within the accumulation half-lives 21-78.5 h (cdx-multidose1978) and the reported 14-95 h.');

-- Chlordiazepoxide's chain after desmethylchlordiazepoxide (metabolite 1,
-- pk_params): demoxepam, then desmethyldiazepam (nordazepam), which keeps
-- its own disposition row (as formed from diazepam); its onward
-- hydroxylation to oxazepam counts as elimination.
INSERT INTO metabolite_chain (drug, seq, metabolite, precursor, fm, fm_source, note) VALUES
('chlordiazepoxide', 2, 'demoxepam', 'desmethylchlordiazepoxide', 0.9, 'greenblatt1978',
 'Demoxepam follows desmethylchlordiazepoxide in the succession of active products (Greenblatt 1978); fraction assumed (main route).'),
('chlordiazepoxide', 3, 'desmethyldiazepam', 'demoxepam', 0.3, 'greenblatt1978',
 'Demoxepam is converted to desmethyldiazepam among other fates (Greenblatt 1978). Fraction assumed: 0.3 puts nordazepam at half the parent''s steady-state level, and with its registry affinity (equipotent with diazepam) at 60% of chlordiazepoxide''s equipotent occupancy (data/40_pd.sql); a larger fraction would leave the other species no share of the Ashton equivalence.');

INSERT INTO enzymes (drug, enzyme, role, strength, note, source) VALUES
('clonazepam', 'CYP3A4', 'substrate', 'major', 'nitroreduction to 7-aminoclonazepam; inducers lower levels ~30%', 'klonopin-label'),
('7-aminoclonazepam', 'NAT2', 'substrate', 'major', 'acetylation to 7-acetamidoclonazepam; slow acetylators excrete more 7-amino', 'miller1981'),
('diazepam', 'CYP2C19', 'substrate', 'major', 'N-demethylation to desmethyldiazepam', 'valium-label'),
('diazepam', 'CYP3A4', 'substrate', 'major', 'N-demethylation and 3-hydroxylation (temazepam)', 'valium-label'),
('desmethyldiazepam', 'CYP3A4', 'substrate', 'major', 'hydroxylation to oxazepam', 'valium-label'),
('alprazolam', 'CYP3A4', 'substrate', 'major', 'ketoconazole and itraconazole are contraindicated', 'xanax-label'),
('lorazepam', 'UGT', 'substrate', 'major', 'direct glucuronidation; no CYP metabolism', 'ativan-label'),
('oxazepam', 'UGT', 'substrate', 'major', 'direct glucuronidation', 'oxazepam-label'),
('chlordiazepoxide', 'CYP3A4', 'substrate', 'major', 'N-demethylation to active metabolites', 'librium-label');

INSERT INTO onsets (drug, effect, onset_min_h, onset_max_h, text, source) VALUES
('clonazepam', 'anxiolytic and anticonvulsant effect', 0.33, 1, '20-60 minutes after an oral dose', 'pharmamedix-clonazepam'),
('diazepam', 'anxiolytic effect', 0.25, 1, '15-60 minutes (rapid-onset class)', 'griffin2013'),
('alprazolam', 'anxiolytic effect', 0.5, 1, 'within an hour (intermediate-onset class; Tmax 1-2 h)', 'griffin2013'),
('lorazepam', 'anxiolytic effect', 0.5, 2, '30 minutes to 2 hours (intermediate-onset class; Tmax ~2 h)', 'griffin2013'),
('oxazepam', 'anxiolytic effect', 1, 3, '1-3 hours (slow-onset class; Tmax ~3 h)', 'griffin2013'),
('chlordiazepoxide', 'anxiolytic effect', 0.5, 2, '30 minutes to 2 hours (intermediate-onset class)', 'griffin2013');

INSERT INTO warnings (drug, kind, title, text, source) VALUES
('clonazepam', 'boxed', 'Concomitant use with opioids', 'Combined use with opioids can cause profound sedation, respiratory depression, coma and death; reserve for patients without alternatives, use the lowest doses for the shortest time and monitor.', 'klonopin-label'),
('clonazepam', 'boxed', 'Abuse, misuse and addiction', 'Exposure carries risks of abuse, misuse and addiction, which can lead to overdose or death, often with doses above the maximum and with alcohol or other drugs; assess risk before and during treatment.', 'klonopin-label'),
('clonazepam', 'boxed', 'Dependence and withdrawal reactions', 'Continued use can cause physical dependence; abrupt discontinuation or rapid dose reduction can cause acute, possibly life-threatening withdrawal including seizures; taper gradually. Protracted withdrawal can last weeks to more than 12 months.', 'klonopin-label'),
('clonazepam', 'contraindication', 'Benzodiazepine hypersensitivity', 'History of sensitivity to benzodiazepines.', 'klonopin-label'),
('clonazepam', 'contraindication', 'Significant liver disease', 'Clinical or biochemical evidence of significant liver disease.', 'klonopin-label'),
('clonazepam', 'contraindication', 'Acute narrow-angle glaucoma', 'Acute narrow-angle glaucoma (may be used in treated open-angle glaucoma).', 'klonopin-label'),
('clonazepam', 'precaution', 'CNS depression', 'Impairs driving and hazardous work; potentiated by alcohol and other CNS depressants.', 'klonopin-label'),
('clonazepam', 'precaution', 'Suicidal thoughts (antiepileptic class)', 'Antiepileptic drugs increase the risk of suicidal thoughts or behaviour; monitor for depression.', 'klonopin-label'),
('clonazepam', 'precaution', 'Pregnancy and neonatal sedation or withdrawal', 'Late-pregnancy use can cause neonatal sedation and withdrawal; weigh risks, monitor exposed neonates.', 'klonopin-label'),
('clonazepam', 'precaution', 'Breastfeeding', 'Effects on the breastfed infant are unknown; weigh benefits and risks.', 'klonopin-label'),
('clonazepam', 'precaution', 'Respiratory compromise', 'Use with caution in compromised respiratory function (e.g. COPD, sleep apnoea).', 'klonopin-label'),
('clonazepam', 'precaution', 'Worsening of seizures', 'In mixed seizure types may provoke generalised tonic-clonic seizures; with valproate may produce absence status; abrupt withdrawal may precipitate status epilepticus.', 'klonopin-label'),
('clonazepam', 'precaution', 'Hypersalivation', 'May increase salivation; caution in patients who have difficulty handling secretions.', 'klonopin-label'),
('clonazepam', 'precaution', 'CYP3A inhibitors and inducers', 'Inducers (phenytoin, carbamazepine, phenobarbital) lower clonazepam levels; strong CYP3A inhibitors (e.g. azole antifungals) should be used cautiously.', 'klonopin-label'),
('diazepam', 'boxed', 'Concomitant use with opioids', 'Profound sedation, respiratory depression, coma and death with opioids.', 'valium-label'),
('diazepam', 'boxed', 'Abuse, misuse and addiction', 'Risk of abuse, misuse and addiction leading to overdose or death.', 'valium-label'),
('diazepam', 'boxed', 'Dependence and withdrawal reactions', 'Abrupt discontinuation or rapid reduction can cause life-threatening withdrawal; taper gradually.', 'valium-label'),
('diazepam', 'contraindication', 'Acute narrow-angle glaucoma', 'Acute narrow-angle glaucoma; also myasthenia gravis, severe respiratory or hepatic insufficiency, sleep apnoea syndrome.', 'valium-label'),
('alprazolam', 'boxed', 'Concomitant use with opioids', 'Profound sedation, respiratory depression, coma and death with opioids.', 'xanax-label'),
('alprazolam', 'boxed', 'Abuse, misuse and addiction', 'Risk of abuse, misuse and addiction leading to overdose or death.', 'xanax-label'),
('alprazolam', 'boxed', 'Dependence and withdrawal reactions', 'Abrupt discontinuation or rapid reduction can cause life-threatening withdrawal; taper gradually.', 'xanax-label'),
('alprazolam', 'contraindication', 'Strong CYP3A inhibitors', 'Ketoconazole and itraconazole are contraindicated; also acute narrow-angle glaucoma.', 'xanax-label'),
('lorazepam', 'boxed', 'Concomitant use with opioids', 'Profound sedation, respiratory depression, coma and death with opioids.', 'ativan-label'),
('lorazepam', 'boxed', 'Abuse, misuse and addiction', 'Risk of abuse, misuse and addiction leading to overdose or death.', 'ativan-label'),
('lorazepam', 'boxed', 'Dependence and withdrawal reactions', 'Abrupt discontinuation or rapid reduction can cause life-threatening withdrawal; taper gradually.', 'ativan-label'),
('lorazepam', 'contraindication', 'Acute narrow-angle glaucoma', 'Acute narrow-angle glaucoma; benzodiazepine hypersensitivity.', 'ativan-label'),
('oxazepam', 'boxed', 'Concomitant use with opioids', 'Profound sedation, respiratory depression, coma and death with opioids.', 'oxazepam-label'),
('oxazepam', 'boxed', 'Abuse, misuse and addiction', 'Risk of abuse, misuse and addiction leading to overdose or death.', 'oxazepam-label'),
('oxazepam', 'boxed', 'Dependence and withdrawal reactions', 'Abrupt discontinuation or rapid reduction can cause life-threatening withdrawal; taper gradually.', 'oxazepam-label'),
('chlordiazepoxide', 'boxed', 'Concomitant use with opioids', 'Profound sedation, respiratory depression, coma and death with opioids.', 'librium-label'),
('chlordiazepoxide', 'boxed', 'Abuse, misuse and addiction', 'Risk of abuse, misuse and addiction leading to overdose or death.', 'librium-label'),
('chlordiazepoxide', 'boxed', 'Dependence and withdrawal reactions', 'Abrupt discontinuation or rapid reduction can cause life-threatening withdrawal; taper gradually.', 'librium-label');
