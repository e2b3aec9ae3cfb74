-- Drugs for interaction work: oxycodone (opioid), ethanol, clarithromycin
-- (strong CYP3A4 inhibitor) and carbamazepine (strong CYP3A4 inducer).

INSERT INTO drugs (name, display_name, kind, parent_drug, mw_g_per_mol, mw_source, mechanism, mechanism_source) VALUES
('oxycodone', 'Oxycodone', 'parent', NULL, 315.4, 'pubchem',
 'Opioid agonist, relatively selective for the mu-opioid receptor: analgesia, sedation and dose-dependent respiratory depression, deepened by benzodiazepines and other CNS depressants.',
 'roxicodone-label'),
('ethanol', 'Ethanol (alcohol)', 'parent', NULL, 46.07, 'pubchem',
 'CNS depressant: potentiates GABA-A receptors and inhibits NMDA receptors; eliminated by saturable alcohol dehydrogenase (near zero-order at social doses).',
 'mihic1997'),
('clarithromycin', 'Clarithromycin', 'parent', NULL, 747.95, 'pubchem',
 'Macrolide antibacterial binding the bacterial 50S ribosomal subunit; a strong mechanism-based inhibitor of CYP3A4.',
 'biaxin-label'),
('carbamazepine', 'Carbamazepine', 'parent', NULL, 236.27, 'pubchem',
 'Antiepileptic that blocks voltage-gated sodium channels (use-dependent); a strong inducer of CYP3A4 including its own metabolism (autoinduction).',
 'tegretol-label');

INSERT INTO synonyms (name, drug, kind, source) VALUES
('Roxicodone', 'oxycodone', 'brand', 'roxicodone-label'),
('OxyContin', 'oxycodone', 'brand', 'roxicodone-label'),
('alcohol', 'ethanol', 'generic', 'norberg2003'),
('ethyl alcohol', 'ethanol', 'generic', 'norberg2003'),
('EtOH', 'ethanol', 'abbrev', 'norberg2003'),
('Biaxin', 'clarithromycin', 'brand', 'biaxin-label'),
('Biaxin XL', 'clarithromycin', 'brand', 'biaxin-label'),
('Tegretol', 'carbamazepine', 'brand', 'tegretol-label'),
('Tegretol XR', 'carbamazepine', 'brand', 'tegretol-label'),
('Equetro', 'carbamazepine', 'brand', 'equetro-label'),
('CBZ', 'carbamazepine', 'abbrev', 'bertilsson1978');

INSERT INTO atc_codes (drug, code, source) VALUES
('oxycodone', 'N02AA05', 'atc-whocc'),
('clarithromycin', 'J01FA09', 'atc-whocc'),
('carbamazepine', 'N03AF01', 'atc-whocc');

INSERT INTO drug_classes (drug, class, rank, source) VALUES
('oxycodone', 'opioid agonist', 1, 'roxicodone-label'),
('ethanol', 'alcohol', 1, 'norberg2003'),
('clarithromycin', 'macrolide antibacterial', 1, 'atc-whocc'),
('clarithromycin', 'strong CYP3A4 inhibitor', 3, 'fda-ddi-table'),
('carbamazepine', 'carboxamide antiepileptic', 1, 'atc-whocc'),
('carbamazepine', 'strong CYP3A4 inducer', 3, 'fda-ddi-table');

INSERT INTO targets (drug, target, action, source) VALUES
('oxycodone', 'mu-opioid receptor', 'agonist', 'roxicodone-label'),
('ethanol', 'GABA-A receptor (transmembrane alcohol site)', 'positive modulator', 'mihic1997'),
('ethanol', 'NMDA receptor', 'inhibitor', 'lovinger1989'),
('clarithromycin', 'bacterial 50S ribosomal subunit', 'inhibitor of protein synthesis', 'biaxin-label'),
('carbamazepine', 'voltage-gated sodium channel', 'blocker', 'tegretol-label');

INSERT INTO indications (drug, indication, status, population, note, source) VALUES
('oxycodone', 'pain severe enough to require an opioid analgesic', 'approved', 'adult', 'when alternatives are inadequate', 'roxicodone-label'),
('clarithromycin', 'respiratory tract infections (pharyngitis, sinusitis, bronchitis, pneumonia)', 'approved', 'adult', NULL, 'biaxin-label'),
('clarithromycin', 'Helicobacter pylori eradication (combination therapy)', 'approved', 'adult', NULL, 'biaxin-label'),
('clarithromycin', 'Mycobacterium avium complex', 'approved', 'adult', NULL, 'biaxin-label'),
('carbamazepine', 'epilepsy (partial, generalised tonic-clonic and mixed seizures)', 'approved', 'adult', 'not effective in absence seizures', 'tegretol-label'),
('carbamazepine', 'trigeminal neuralgia', 'approved', 'adult', NULL, 'tegretol-label'),
('carbamazepine', 'bipolar I disorder (acute manic or mixed episodes)', 'approved', 'adult', 'extended-release capsules (Equetro)', 'equetro-label');

INSERT INTO formulations (drug, form, route, strengths_mg, is_default, ka_per_h, tlag_h, f_rel, pk_source, note, source) VALUES
('oxycodone', 'tablet', 'oral', '5,10,15,20,30', 1, NULL, NULL, NULL, NULL, 'immediate release', 'roxicodone-label'),
('oxycodone', 'solution', 'oral', '5 mg/5 mL, 100 mg/5 mL', 0, NULL, NULL, NULL, NULL, 'bioequivalent to the tablet', 'roxicodone-label'),
('ethanol', 'drink', 'oral', '14000', 1, NULL, NULL, NULL, NULL, 'one US standard drink = 14 g ethanol', 'niaaa-alcohol'),
('clarithromycin', 'tablet', 'oral', '250,500', 1, NULL, NULL, NULL, NULL, NULL, 'biaxin-label'),
('carbamazepine', 'tablet', 'oral', '200', 1, NULL, NULL, NULL, NULL, NULL, 'tegretol-label'),
('carbamazepine', 'chewable tablet', 'oral', '100', 0, NULL, NULL, NULL, NULL, NULL, 'tegretol-label');

INSERT INTO dose_limits (drug, indication, population, start_mg_per_day, usual_min_mg_per_day, usual_max_mg_per_day, max_mg_per_day, note, source) VALUES
('oxycodone', 'pain severe enough to require an opioid analgesic', 'adult (opioid-naive)', 20, NULL, NULL, NULL, '5-15 mg every 4-6 hours as needed; no fixed maximum, titrate to effect and tolerability', 'roxicodone-label'),
('clarithromycin', 'respiratory tract infections (pharyngitis, sinusitis, bronchitis, pneumonia)', 'adult', 500, 500, 1000, 1000, '250-500 mg every 12 hours', 'biaxin-label'),
('clarithromycin', 'Helicobacter pylori eradication (combination therapy)', 'adult', 1000, 1000, 1500, 1500, '500 mg every 12 hours (triple) or every 8 hours (dual therapy)', 'biaxin-label'),
('carbamazepine', 'epilepsy (partial, generalised tonic-clonic and mixed seizures)', 'adult', 400, 800, 1200, 1200, 'patients over 15 years; up to 1600 mg/day in rare adult cases', 'tegretol-label'),
('carbamazepine', 'trigeminal neuralgia', 'adult', 200, 400, 800, 1200, NULL, 'tegretol-label'),
('carbamazepine', 'bipolar I disorder (acute manic or mixed episodes)', 'adult', 400, NULL, NULL, 1600, 'doses above 1600 mg/day not studied', 'equetro-label');

INSERT INTO pk_params (drug, n_cmt, f, f_source, ka_per_h, tlag_h, ka_source, cl_L_per_h, cl_source, v1_L, v1_source,
    q2_L_per_h, v2_L, q3_L_per_h, v3_L, periph_source, vmax_mg_per_h, km_ng_mL, mm_source, fu, fu_source,
    metabolite, fm, fm_source, half_life_label_min_h, half_life_label_max_h, half_life_source,
    tmax_label_min_h, tmax_label_max_h, tmax_source, note) VALUES
('oxycodone', 1, 0.6, 'roxicodone-label', 1.5, 0, 'roxicodone-label', 60, 'oxycodone-ir-label', 320, 'oxycodone-ir-label',
    0, 0, 0, 0, NULL, 0, 0, NULL, 0.55, 'roxicodone-label',
    NULL, 0, NULL, 3.2, 3.7, 'roxicodone-label',
    1.2, 1.9, 'roxicodone-label',
    'Fitted on the exposure in the oxycodone IR label (Table 2; doses of the hydrochloride, as labelled and as users enter them): CL/F 100 L/h centres the single-dose and steady-state clearances the table implies (15 mg: 15/128.2 = 117 L/h; 30 mg: 112 L/h; 5 mg q6h Cavg 9.4 ng/mL: 5/(9.4 x 6) = 89 L/h; geometric middle 102), so the model gives AUC 150 and 300 ng h/mL (label 128.2, 268.2) and Cavg 8.3 ng/mL (9.4). With F 0.6 (lower end of the label 60-87%) CL = 60 L/h; as the dose is of the hydrochloride (89.6% base) that is 54 L/h of oxycodone, 12% above the label i.v. clearance 0.8 L/min = 48 L/h. V/F 533 L (V 320 L) gives t1/2 3.7 h, between the label 3.55 h (15 mg) and 3.85 h (30 mg); it is an apparent oral volume: the label Vss 2.6 L/kg = 182 L with the i.v. clearance gives 2.6 h, shorter than every oral half-life, which one compartment cannot reconcile. ka 1.5/h: Tmax 1.6 h (label 1.4 h, 1.2-1.9 h), Cmax 20.9 and 41.8 ng/mL (label 22.6, 39.3). The label 5 mg q6h peak 15.7 and trough 7.4 ng/mL are not met (model 10.9, 5.1): they imply an accumulation (x2.1 at the peak) that needs a 6.4 h half-life (e^(-6k) = 1 - 1/2.1), nearly twice the label single-dose value. Cross-check, Poyhia 1992 (9 healthy volunteers, 0.28 mg/kg oral, ~20 mg): AUC 208-245 ng h/mL, Cmax 34-38 ng/mL; model 196 and 27. The former CL 36 L/h with V 182 L (label Vss) gave about twice the label exposure (15 mg: Cmax 36.4, AUC 250). Binding 45% -> fu 0.55. Noroxycodone/oxymorphone not modelled.'),
('ethanol', 1, 1.0, 'norberg2003', 3.0, 0, 'norberg2003', 0.2, 'norberg2000', 42, 'norberg2003',
    0, 0, 0, 0, NULL, 7500, 82100, 'jones2010', 1.0, 'norberg2003',
    NULL, 0, NULL, NULL, NULL, NULL,
    0.5, 1.5, 'norberg2003',
    'Michaelis-Menten elimination (form of Wilkinson 1976): Vmax 7500 mg/h (0.179 mg/(mL h) x V 42000 mL) so that blood ethanol falls by 0.15 g/L/h (15 mg/dL/h) after a 0.6 g/kg drink, the mean of moderate drinkers (Jones 2010; Winek 1984: 15 +/- 4 mg/dL/h in social drinkers); Wilkinson 1976 Vm 0.232 mg/(mL h) = 9744 mg/h gave 19 mg/dL/h, the rate of heavy drinkers. Km 0.0821 mg/mL = 82100 ng/mL (82 mg/L, within the ADH Km 50-100 mg/L of Norberg 2003). V 0.6 L/kg = 42 L (total body water; Norberg 2000 Vss 35.8 L). Linear CL 0.2 L/h = renal excretion (Norberg 2000 3.6 mL/min). F 1 (first-pass metabolism small and dose-dependent, ignored). ka 3/h (fasting; Tmax 0.5-1.5 h); food slows absorption. At 1 g/L the elimination is ~6.9 g/h = 0.16 g/L/h. Concentrations are in ng/mL: 0.8 g/L = 800000 ng/mL. No half-life: near zero-order.'),
('clarithromycin', 1, 0.55, 'rodvold1999', 1.0, 0, 'biaxin-label', 6, 'biaxin-label', 139, 'rodvold1999',
    0, 0, 0, 0, NULL, 16, 500, 'biaxin-label', 0.3, 'biaxin-label',
    NULL, 0, NULL, 3, 7, 'biaxin-label',
    2, 3, 'biaxin-label',
    'Nonlinear (label: t1/2 3-4 h at 250 mg and 5-7 h at 500 mg every 12 h; steady-state peaks about 1 and 2-3 ug/mL): linear CL 6 L/h plus saturable metabolism Vmax 16 mg/h, Km 500 ng/mL, fitted by grid search to those four label figures (model 877 and 2375 ng/mL, t1/2 3.5 and 6.0 h over the dosing interval). The former linear CL 19.3 L/h gave 1835 ng/mL at 500 mg q12h and 5.1 h at both doses. F 0.55 (Rodvold 52-55%); V/F 252 L (3.6 L/kg; Rodvold) -> V 139 L. ka 1.0/h gives Tmax 2.3 h (label 2-3 h). 14-hydroxyclarithromycin not modelled; CYP3A4 inhibition is time-dependent (mechanism-based).'),
('carbamazepine', 1, 0.8, 'bertilsson1978', 0.5, 0, 'tegretol-label', 1.55, 'bertilsson1980', 78, 'bertilsson1978',
    0, 0, 0, 0, NULL, 0, 0, NULL, 0.24, 'tegretol-label',
    NULL, 0, NULL, 25, 65, 'tegretol-label',
    4, 8, 'tegretol-label',
    'Uninduced (first-dose) state; autoinduction is simulated (CYP3A4 induction by carbamazepine itself, data/72_enzyme_kinetics.sql), shortening t1/2 from about 35 h (label single dose 25-65 h, Bertilsson 1980 about 32 h) to 12-17 h on repeated dosing (label; the half-life range listed here is the single-dose one, which these uninduced values must give; the repeated-dose range is checked on the simulated autoinduction, tests/validation/test_ddi_published.c). F 0.8 (absorption fairly complete, slow). V/F 1.4 L/kg = 98 L -> V 78 L; CL = ln2*78/35 = 1.55 L/h; induced at 800 mg/day about 3.6 L/h (CL/F 4.5 L/h, average 7.4 ug/mL, therapeutic 4-12). ka 0.5/h gives Tmax 5.2 h (label 4-5 h for tablets).');

INSERT INTO enzymes (drug, enzyme, role, strength, note, source) VALUES
('oxycodone', 'CYP3A4', 'substrate', 'major', 'N-demethylation to noroxycodone; CYP3A4 inhibitors raise oxycodone levels (boxed warning)', 'roxicodone-label'),
('oxycodone', 'CYP2D6', 'substrate', 'minor', 'O-demethylation to oxymorphone', 'roxicodone-label'),
('ethanol', 'ADH', 'substrate', 'major', 'alcohol dehydrogenase, low Km, saturated at social doses', 'norberg2003'),
('ethanol', 'CYP2E1', 'substrate', 'minor', 'higher Km (0.5-0.8 g/L), inducible in heavy drinkers', 'norberg2003'),
('clarithromycin', 'CYP3A4', 'substrate', 'major', '14-hydroxylation', 'biaxin-label'),
('clarithromycin', 'CYP3A4', 'inhibitor', 'strong', 'mechanism-based; effect builds over days', 'fda-ddi-table'),
('carbamazepine', 'CYP3A4', 'substrate', 'major', 'epoxidation; autoinduction', 'tegretol-label'),
('carbamazepine', 'CYP3A4', 'inducer', 'strong', 'lowers clonazepam, alprazolam and oxycodone levels', 'fda-ddi-table');

INSERT INTO onsets (drug, effect, onset_min_h, onset_max_h, text, source) VALUES
('oxycodone', 'analgesia', 0.25, 1, '15-60 minutes after an oral immediate-release dose (absorption lag ~0.5 h)', 'leow1992'),
('ethanol', 'CNS depression', 0.25, 1, 'within 15-60 minutes on an empty stomach; slower with food', 'norberg2003');

INSERT INTO warnings (drug, kind, title, text, source) VALUES
('oxycodone', 'boxed', 'Addiction, abuse and misuse', 'Exposes users to risks of addiction, abuse and misuse, which can lead to overdose and death.', 'roxicodone-label'),
('oxycodone', 'boxed', 'Life-threatening respiratory depression', 'Serious, life-threatening or fatal respiratory depression may occur, especially at initiation and after dose increases.', 'roxicodone-label'),
('oxycodone', 'boxed', 'Concomitant use with benzodiazepines or other CNS depressants', 'Profound sedation, respiratory depression, coma and death; reserve for patients without alternatives, lowest doses, shortest time.', 'roxicodone-label'),
('oxycodone', 'boxed', 'CYP3A4 interaction', 'CYP3A4 inhibitors (or stopping an inducer) raise oxycodone levels and can cause fatal overdose; inducers (or stopping an inhibitor) lower them.', 'roxicodone-label'),
('oxycodone', 'boxed', 'Neonatal opioid withdrawal syndrome', 'Prolonged use during pregnancy can cause neonatal opioid withdrawal syndrome.', 'roxicodone-label'),
('oxycodone', 'contraindication', 'Respiratory depression, asthma, GI obstruction', 'Significant respiratory depression; acute or severe bronchial asthma without monitoring; known or suspected gastrointestinal obstruction.', 'roxicodone-label'),
('ethanol', 'precaution', 'Combination with benzodiazepines or opioids', 'Alcohol with benzodiazepines or opioids increases drowsiness and can slow or stop breathing; overdose risk.', 'niaaa-alcohol'),
('clarithromycin', 'contraindication', 'CYP3A substrates with narrow margins', 'Contraindicated with pimozide, cisapride, ergotamines, lovastatin, simvastatin, and colchicine in renal or hepatic impairment; history of QT prolongation.', 'biaxin-label'),
('clarithromycin', 'precaution', 'QT prolongation and hepatotoxicity', 'QT prolongation and torsades de pointes; hepatic dysfunction; raised benzodiazepine levels (triazolam, midazolam, alprazolam) with sedation.', 'biaxin-label'),
('carbamazepine', 'boxed', 'Serious dermatologic reactions and HLA-B*1502', 'Toxic epidermal necrolysis and Stevens-Johnson syndrome, more frequent with HLA-B*1502; screen at-risk ancestry before starting.', 'tegretol-label'),
('carbamazepine', 'boxed', 'Aplastic anaemia and agranulocytosis', 'Rare but serious; obtain baseline blood counts.', 'tegretol-label'),
('carbamazepine', 'contraindication', 'Bone marrow depression, MAOIs, nefazodone', 'History of bone marrow depression; MAOI within 14 days; nefazodone; hypersensitivity to tricyclic compounds.', 'tegretol-label'),
('carbamazepine', 'precaution', 'Enzyme induction', 'Strong CYP3A4 induction lowers levels of clonazepam and many other drugs; its own clearance rises over the first weeks.', 'tegretol-label');
