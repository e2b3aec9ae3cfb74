-- Dispensable products and the devices that measure them (issue 14, item
-- 2): what a taper can actually be filled with. One row per product a
-- pharmacy can hand out; `strength_mg` is the amount of drug in one `unit`
-- (a tablet, a capsule, a mL, a drop, or one daily pouch of a tapering
-- strip), and `measure_step` the smallest amount of that unit a patient can
-- reliably take: half a tablet only where the label says it is scored, one
-- drop, one graduation of the syringe. Where a fact is assumed rather than
-- read from the cited source, the row's note says so.
--
-- The planner (src/plan) will read these rows through
-- cnsim_registry_products(); nothing here changes the pharmacokinetics,
-- which stay in `formulations`.

CREATE TABLE measuring_devices (
    device           TEXT PRIMARY KEY,
    volume_mL        REAL,                   -- NULL: no fixed volume (dropper bottle)
    graduation_mL    REAL,                   -- finest mark; NULL when doses are counted in drops
    source           TEXT NOT NULL REFERENCES sources(id),
    note             TEXT
);

CREATE TABLE products (
    drug             TEXT NOT NULL REFERENCES drugs(name),
    product          TEXT NOT NULL,          -- display name, e.g. '0.5 mg tablet'
    form             TEXT NOT NULL CHECK (form IN ('tablet','odt','capsule','liquid','drops','compounded','strips')),
    strength_mg      REAL NOT NULL,          -- mg of drug per unit
    unit             TEXT NOT NULL CHECK (unit IN ('tablet','capsule','mL','drop','strip')),
    is_scored        INTEGER NOT NULL DEFAULT 0 CHECK (is_scored IN (0, 1)),
    device           TEXT REFERENCES measuring_devices(device),  -- liquids and drops
    measure_step     REAL NOT NULL,          -- smallest measurable amount, in `unit`
    beyond_use_days  REAL,                   -- compounded or after opening; NULL: label expiry applies
    pouch_step_mg    REAL,                   -- strips only: the finest dose step between daily pouches
    availability     TEXT NOT NULL,
    source           TEXT NOT NULL REFERENCES sources(id),
    note             TEXT,
    PRIMARY KEY (drug, product)
);

INSERT INTO sources (id, authors, year, title, journal_or_label, pmid, doi, url, note) VALUES
('klonopin-label-dailymed', 'H2-Pharma (Roche originator), repackaged by McKesson Corporation dba RX Pak', 2023, 'KLONOPIN (clonazepam) tablets, prescribing information: Description', 'US prescribing information (DailyMed)', NULL, NULL, 'https://dailymed.nlm.nih.gov/dailymed/lookup.cfm?setid=8d0621b0-353e-4c4d-86de-0d6f263bff4b', 'Klonopin is "available as scored tablets with a K-shaped perforation containing 0.5 mg of clonazepam and unscored tablets with a K-shaped perforation containing 1 mg or 2 mg".'),
('ismp-au-clonazepam-2018', 'Canadian Patient Safety Institute (relaying an Australian medication safety alert)', 2018, 'Clonazepam oral liquid - dose errors', 'Medication safety alert', NULL, NULL, 'https://www.patientsafetyinstitute.ca/en/newsalerts/alerts/pages/alertdetail.aspx?alertid=4127', 'Clonazepam oral liquid is a 2.5 mg/mL solution in a dropper bottle, one drop = 0.1 mg; errors of 10 and 25 times the intended dose were reported (drops confused with mL).'),
('usp-clonazepam-susp', 'United States Pharmacopeial Convention', 2009, 'Clonazepam Oral Suspension (compounded), USP 32-NF 27 monograph', 'United States Pharmacopeia', NULL, NULL, 'https://www.drugfuture.com/pharmacopoeia/usp32/pub/data/v32270/usp32nf27s0_m1384.html', 'Clonazepam 0.1 mg/mL in a 1:1 mixture of Vehicle for Oral Solution and Vehicle for Oral Suspension, from tablets or powder; tight, light-resistant container, controlled room temperature or cold; shake well; beyond-use date 60 days after compounding. The monograph carries over into the 2025 USP as Clonazepam Compounded Oral Suspension.'),
('uspharmacist-clonazepam-2024', 'US Pharmacist compounding column', 2024, 'Clonazepam 0.1 mg/mL oral suspension', 'US Pharm 49(5):59-60', NULL, NULL, 'https://www.uspharmacist.com/article/clonazepam-01-mg-ml-oral-suspension', 'The USP default beyond-use date for a nonpreserved aqueous oral liquid is 14 days; stability studies support up to 60 days at 5-25 C for this suspension.'),
('roy1997', 'Roy JJ, Besner JG', 1997, 'Stability of clonazepam suspension in HSC vehicle', 'Int J Pharm Compd 1(6):440-441', '23989441', NULL, 'https://ijpc.com/Abstracts/Abstract_basic.cfm?ABS=1083', 'A 0.1 mg/mL suspension from 0.5 mg tablets in the HSC vehicle (simple syrup and methylcellulose) was stable for at least 60 days at 4 C in amber PVC bottles; the matching solution lost drug by adsorption to the plastic.'),
('diazepam-solution-label', 'Precision Dose Inc. (generic labeller)', 2023, 'Diazepam oral solution 5 mg/5 mL, prescribing information', 'US prescribing information (DailyMed)', NULL, NULL, 'https://fda.report/DailyMed/78d5a77d-5ca7-4f16-b4d0-fce86456593c', 'Each 5 mL of oral solution contains 5 mg diazepam (1 mg/mL), wintergreen-spice flavoured.'),
('diazepam-intensol-label', 'Hikma Pharmaceuticals USA Inc.', 2022, 'DIAZEPAM INTENSOL (diazepam oral solution concentrate 5 mg/mL), prescribing information', 'US prescribing information (DailyMed)', NULL, NULL, 'https://dailymed.nlm.nih.gov/dailymed/lookup.cfm?setid=1aaf9375-ae3d-4fed-9cd1-24102e00be1a', 'Oral concentrate 5 mg/mL, measured with the calibrated dropper supplied and mixed into a liquid or semi-solid food before it is taken.'),
('fluoxetine-tablets-label', 'ScieGen Pharmaceuticals Inc. (generic labeller)', 2021, 'Fluoxetine tablets, prescribing information', 'US prescribing information (DailyMed)', NULL, NULL, 'https://pdfslide.net/documents/sciegen-pharmaceuticals-inc-fluoxetine-fluoxetine-tablet-.html', 'Dosage forms and strengths: "Tablets (functional-scored): 10 mg, 20 mg".'),
('prozac-smpc-uk', 'Eli Lilly and Company Limited', 2018, 'PROZAC 20 mg hard capsules and 20 mg per 5 ml oral solution, summary of product characteristics', 'UK summary of product characteristics (MHRA)', NULL, NULL, 'https://www.rxreasoner.com/monographs/prozac', 'Each 5 mL of oral solution contains 20 mg fluoxetine (4 mg/mL); clear, mint-flavoured, 3 g sucrose per 5 mL; brown glass bottles of 60, 70 or 140 mL.'),
('celexa-label-forms', 'Allergan / AbbVie (CELEXA), as tabulated by AskYourPharm and MPR', 2023, 'CELEXA (citalopram) tablets and oral solution: dosage forms', 'US prescribing information (secondary summaries)', NULL, NULL, 'https://askyourpharm.com/what-does-celexa-look-like/', 'Tablets: 10 mg beige, not scored; 20 mg pink, scored; 40 mg white, scored. Oral solution 2 mg/mL (10 mg/5 mL), peppermint, sugar- and alcohol-free (MPR: https://www.empr.com/drug/citalopram-oral-solution/).'),
('zoloft-concentrate', 'Pfizer (ZOLOFT), as summarised by Psychiatry Advisor and ISMP', 2019, 'ZOLOFT oral concentrate: formulation and dilution', 'US prescribing information (secondary summaries)', NULL, NULL, 'http://www.psychiatryadvisor.com/zoloft-oral-concentrate/drug/358/', 'Sertraline 20 mg/mL solution with 12% alcohol; measured with the dropper supplied and diluted just before use in 4 oz (about 120 mL) of water, ginger ale, lemon/lime soda, lemonade or orange juice only (ISMP consumer alert, 26 July 2019, https://www.consumermedsafety.org/safety-articles/warning-dilute-sertraline-oral-concentrate).'),
('escitalopram-solution-ndc', 'Chartwell Governmental & Specialty RX (generic labeller)', 2026, 'Escitalopram oral solution 5 mg/5 mL, NDC 68999-729', 'openFDA NDC directory', NULL, NULL, 'https://api.fda.gov/drug/ndc.json?search=product_ndc:%2268999-729%22', 'Escitalopram (as oxalate) oral solution 5 mg/5 mL (1 mg/mL), currently listed; the Lexapro label lists the same strength (peppermint-flavoured).'),
('groot2018', 'Groot PC, van Os J', 2018, 'Antidepressant tapering strips to help people come off medication more safely', 'Psychosis 10(2):142-145', NULL, '10.1080/17522439.2018.1469163', 'https://www.tandfonline.com/doi/full/10.1080/17522439.2018.1469163', 'A tapering strip is antidepressant medication packaged in a roll of small daily pouches, each with the same or a slightly lower dose than the one before; strips come in series covering 28 days. 71% of 895 users wishing to stop succeeded, with a median of 2 strips over 56 days.'),
('groot2020', 'Groot PC, van Os J', 2020, 'Outcome of antidepressant drug discontinuation with taperingstrips after 1-5 years', 'Ther Adv Psychopharmacol 10:2045125320954609', '32953040', '10.1177/2045125320954609', 'https://pmc.ncbi.nlm.nih.gov/articles/PMC7476339', 'Taperingstrips: antidepressant or other medication packaged in a 28-day roll of small daily pouches, each with the same or a slightly lower dose than the one before.'),
('cinderella2013', 'Cinderella Therapeutics Foundation', 2013, 'Tapering paroxetine better and safer with tapering strip', 'Foundation announcement (30 December 2013)', NULL, NULL, 'https://www.cinderella-tx.org/en/2013/12/30/tapering-paroxetine-better-safer-taperingstrip/', 'The first tapering strip, PAROXETINE 19-0,5/28dagen, tapers paroxetine from 20 mg over 28 days in 28 numbered compartments, each holding one or more tablets chosen so that the dose falls a little each day. The individual daily steps are not listed.'),
('taperingstrip-uk', 'Regenboog Apotheek / Tapering Project', 2024, 'Prescribing and ordering tapering strips', 'Tapering Project web site (taperingstrip.co.uk)', NULL, NULL, 'https://www.taperingstrip.co.uk/prescribing-and-ordering/', 'Strips on prescription from the Regenboog Apotheek (Netherlands), also sent abroad where the receiving country allows; antidepressants offered include citalopram, escitalopram, fluoxetine, fluvoxamine, paroxetine and sertraline; the tapering schedule is chosen on the order form.'),
('syringe-tuberculin', 'Esco Pharma', 2023, 'Injection syringe: types (hypodermic, oral, insulin, tuberculin)', 'Manufacturer product page', NULL, NULL, 'http://www.escopharma.com/page/by-packaging.php?cat=injection-syringe', 'A 1 mL tuberculin-type syringe is calibrated in hundredths of a millilitre (0.01 mL per line) and is the preferred syringe for volumes under 1 mL; oral syringes carry a millilitre scale.'),
('childrenswi-syringe', 'Children''s Wisconsin', 2023, 'How to read a syringe (teaching sheet 1619)', 'Patient teaching sheet', NULL, NULL, 'https://childrenswi.org/en/publications/teaching-sheet/ed%20services/1619-how%20to%20read%20a%20syringe', 'On the 1 mL oral syringe shown, numbered lines every 0.1 mL and short lines every 0.02 mL; on a 3 mL syringe short lines every 0.1 mL. Use the smallest syringe that holds the dose.');

INSERT INTO measuring_devices (device, volume_mL, graduation_mL, source, note) VALUES
('1 mL oral syringe', 1, 0.01, 'syringe-tuberculin', 'Finest graduation assumed to be 0.01 mL (tuberculin-type scale). Some 1 mL oral syringes are marked only every 0.02 mL (childrenswi-syringe): check the syringe dispensed; a volume over 1 mL is drawn in several fills.'),
('3 mL oral syringe', 3, 0.1, 'childrenswi-syringe', 'For volumes between 1 and 3 mL; short lines every 0.1 mL.'),
('dropper bottle', NULL, NULL, 'rivotril-smpc', 'Integral dropper of the Rivotril oral drops: doses are counted in drops (25 drops = 1 mL), dropped onto a spoon or into a drink, never straight into the mouth (Swiss patient information).');

-- Tablets: halves only where the cited label says the tablet is scored.
-- measure_step 0.5 tablet if scored, else 1.
INSERT INTO products (drug, product, form, strength_mg, unit, is_scored, device, measure_step, beyond_use_days, availability, source, note) VALUES
('clonazepam', '0.5 mg tablet', 'tablet', 0.5, 'tablet', 1, NULL, 0.5, NULL, 'US', 'klonopin-label-dailymed', 'Klonopin 0.5 mg: scored, K-shaped perforation.'),
('clonazepam', '1 mg tablet', 'tablet', 1, 'tablet', 0, NULL, 1, NULL, 'US', 'klonopin-label-dailymed', 'Klonopin 1 mg: unscored (the K-shaped perforation is not a score). Many generic 1 mg tablets are scored; the registry follows the brand label.'),
('clonazepam', '2 mg tablet', 'tablet', 2, 'tablet', 0, NULL, 1, NULL, 'US', 'klonopin-label-dailymed', 'Klonopin 2 mg: unscored (the K-shaped perforation is not a score). Many generic 2 mg tablets are scored; the registry follows the brand label.'),
('clonazepam', '0.125 mg orally disintegrating tablet', 'odt', 0.125, 'tablet', 0, NULL, 1, NULL, 'US', 'clonazepam-odt-label', 'Not scored; taken whole. That an ODT is not to be split is assumed from the form (it disintegrates on contact with moisture); no splitting sentence was checked in the label.'),
('clonazepam', '0.25 mg orally disintegrating tablet', 'odt', 0.25, 'tablet', 0, NULL, 1, NULL, 'US', 'clonazepam-odt-label', 'Not scored; taken whole (assumed, as for 0.125 mg).'),
('clonazepam', '0.5 mg orally disintegrating tablet', 'odt', 0.5, 'tablet', 0, NULL, 1, NULL, 'US', 'clonazepam-odt-label', 'Not scored; taken whole (assumed, as for 0.125 mg).'),
('clonazepam', '1 mg orally disintegrating tablet', 'odt', 1, 'tablet', 0, NULL, 1, NULL, 'US', 'clonazepam-odt-label', 'Not scored; taken whole (assumed, as for 0.125 mg).'),
('clonazepam', '2 mg orally disintegrating tablet', 'odt', 2, 'tablet', 0, NULL, 1, NULL, 'US', 'clonazepam-odt-label', 'Not scored; taken whole (assumed, as for 0.125 mg).'),
('clonazepam', '2.5 mg/mL oral drops', 'drops', 0.1, 'drop', 0, 'dropper bottle', 1, NULL, 'CH, ES, AU and other markets (not US)', 'rivotril-smpc', 'Rivotril Tropfen: 1 mL = 25 drops, so 0.1 mg per drop (also ismp-au-clonazepam-2018). Dose errors of 10-25 times have followed confusing drops with mL. In-use shelf life after opening not recorded here.'),
('clonazepam', '0.1 mg/mL oral suspension (compounded)', 'compounded', 0.1, 'mL', 0, '1 mL oral syringe', 0.01, 60, 'compounded', 'usp-clonazepam-susp', 'USP monograph preparation from tablets or powder in a 1:1 oral solution/suspension vehicle; BUD 60 days at room temperature or cold, from the monograph (stability-backed: roy1997 found >=60 days at 4 C in another vehicle). Without the monograph, the USP <795> default for a nonpreserved aqueous liquid is 14 days (uspharmacist-clonazepam-2024). Shake well. 0.01 mL = 0.001 mg.'),
('diazepam', '2 mg tablet', 'tablet', 2, 'tablet', 1, NULL, 0.5, NULL, 'US', 'valium-label', 'Scoring assumed: third-party descriptions of Valium show a bisecting line through the V-shaped cut-out, and generic 2 mg tablets are commonly scored; the label sentence was not checked.'),
('diazepam', '5 mg tablet', 'tablet', 5, 'tablet', 1, NULL, 0.5, NULL, 'US', 'valium-label', 'Scoring assumed, as for 2 mg.'),
('diazepam', '10 mg tablet', 'tablet', 10, 'tablet', 1, NULL, 0.5, NULL, 'US', 'valium-label', 'Scoring assumed, as for 2 mg.'),
('diazepam', '1 mg/mL oral solution (5 mg/5 mL)', 'liquid', 1, 'mL', 0, '1 mL oral syringe', 0.01, NULL, 'US', 'diazepam-solution-label', 'Measured with an oral syringe (assumed; the label does not specify the device checked here).'),
('diazepam', '5 mg/mL oral concentrate (Intensol)', 'liquid', 5, 'mL', 0, '1 mL oral syringe', 0.01, NULL, 'US', 'diazepam-intensol-label', 'The label supplies a calibrated dropper; an oral syringe in its place is assumed for tapering volumes. Mix into a drink or semi-solid food. A consumer monograph advises discarding 3 months after opening (not checked against the label, so beyond_use_days is left NULL).'),
('sertraline', '25 mg tablet', 'tablet', 25, 'tablet', 1, NULL, 0.5, NULL, 'US', 'zoloft-label', 'Scored.'),
('sertraline', '50 mg tablet', 'tablet', 50, 'tablet', 1, NULL, 0.5, NULL, 'US', 'zoloft-label', 'Scored.'),
('sertraline', '100 mg tablet', 'tablet', 100, 'tablet', 1, NULL, 0.5, NULL, 'US', 'zoloft-label', 'Scored.'),
('sertraline', '20 mg/mL oral concentrate', 'liquid', 20, 'mL', 0, '1 mL oral syringe', 0.01, NULL, 'US', 'zoloft-concentrate', 'Must be diluted just before use in 4 oz (120 mL) of water, ginger ale, lemon/lime soda, lemonade or orange juice; 12% alcohol. The label supplies a dropper; an oral syringe in its place is assumed for tapering volumes (0.01 mL = 0.2 mg).'),
('escitalopram', '5 mg tablet', 'tablet', 5, 'tablet', 0, NULL, 1, NULL, 'US', 'lexapro-label', 'Not scored (the openFDA listing of the Lexapro label gives the imprint FL;5).'),
('escitalopram', '10 mg tablet', 'tablet', 10, 'tablet', 1, NULL, 0.5, NULL, 'US', 'lexapro-label', 'Scored per the Lexapro label as summarised in the issue; not re-read here, but the openFDA listing gives the split imprint F;L;10, consistent with a score.'),
('escitalopram', '20 mg tablet', 'tablet', 20, 'tablet', 1, NULL, 0.5, NULL, 'US', 'lexapro-label', 'Scored, as for 10 mg (openFDA imprint F;L;20).'),
('escitalopram', '1 mg/mL oral solution (5 mg/5 mL)', 'liquid', 1, 'mL', 0, '1 mL oral syringe', 0.01, NULL, 'US', 'escitalopram-solution-ndc', 'Peppermint-flavoured in the Lexapro label; generic 5 mg/5 mL listed. Measuring device assumed.'),
('citalopram', '10 mg tablet', 'tablet', 10, 'tablet', 0, NULL, 1, NULL, 'US', 'celexa-label-forms', 'Not scored.'),
('citalopram', '20 mg tablet', 'tablet', 20, 'tablet', 1, NULL, 0.5, NULL, 'US', 'celexa-label-forms', 'Scored.'),
('citalopram', '40 mg tablet', 'tablet', 40, 'tablet', 1, NULL, 0.5, NULL, 'US', 'celexa-label-forms', 'Scored.'),
('citalopram', '2 mg/mL oral solution (10 mg/5 mL)', 'liquid', 2, 'mL', 0, '1 mL oral syringe', 0.01, NULL, 'US', 'celexa-label-forms', 'Peppermint, sugar- and alcohol-free. Measuring device assumed.'),
('paroxetine', '10 mg tablet', 'tablet', 10, 'tablet', 1, NULL, 0.5, NULL, 'US', 'paxil-label', 'Film-coated, scored.'),
('paroxetine', '20 mg tablet', 'tablet', 20, 'tablet', 1, NULL, 0.5, NULL, 'US', 'paxil-label', 'Film-coated, scored.'),
('paroxetine', '30 mg tablet', 'tablet', 30, 'tablet', 0, NULL, 1, NULL, 'US', 'paxil-label', 'Film-coated, not scored.'),
('paroxetine', '40 mg tablet', 'tablet', 40, 'tablet', 0, NULL, 1, NULL, 'US', 'paxil-label', 'Film-coated, not scored.'),
('paroxetine', '2 mg/mL oral suspension (10 mg/5 mL)', 'liquid', 2, 'mL', 0, '1 mL oral syringe', 0.01, NULL, 'US label, not currently marketed in the US', 'paxil-label', 'Orange-flavoured; shake well. The 2023 US label lists it as not currently marketed; UK Seroxat suspension is the same concentration (20 mg/10 mL). Measuring device assumed.'),
('fluoxetine', '10 mg capsule', 'capsule', 10, 'capsule', 0, NULL, 1, NULL, 'US', 'prozac-label', 'Capsules cannot be divided.'),
('fluoxetine', '20 mg capsule', 'capsule', 20, 'capsule', 0, NULL, 1, NULL, 'US', 'prozac-label', 'Capsules cannot be divided.'),
('fluoxetine', '40 mg capsule', 'capsule', 40, 'capsule', 0, NULL, 1, NULL, 'US', 'prozac-label', 'Capsules cannot be divided.'),
('fluoxetine', '10 mg tablet', 'tablet', 10, 'tablet', 1, NULL, 0.5, NULL, 'US (generic)', 'fluoxetine-tablets-label', 'Functional score.'),
('fluoxetine', '20 mg tablet', 'tablet', 20, 'tablet', 1, NULL, 0.5, NULL, 'US (generic)', 'fluoxetine-tablets-label', 'Functional score.'),
('fluoxetine', '4 mg/mL oral solution (20 mg/5 mL)', 'liquid', 4, 'mL', 0, '1 mL oral syringe', 0.01, NULL, 'UK, US (generic)', 'prozac-smpc-uk', 'Mint-flavoured, 3 g sucrose per 5 mL. Measuring device assumed.');

-- Strips: one unit is one daily pouch; pouch_step_mg is the finest change between pouches.
INSERT INTO products (drug, product, form, strength_mg, unit, is_scored, device, measure_step, beyond_use_days, pouch_step_mg, availability, source, note) VALUES
('paroxetine', 'tapering strip PAROXETINE 19-0.5/28 days', 'strips', 19, 'strip', 0, NULL, 1, NULL, 0.5, 'NL (Regenboog Apotheek; shipped abroad where allowed)', 'cinderella2013', 'One unit is one daily pouch; strength_mg is the first pouch (19 mg), falling to 0.5 mg on day 28. The source does not list the daily steps, so none are stored. 28-day rolls of daily pouches, each the same or slightly lower than the day before (groot2018, groot2020); strips for citalopram, escitalopram, fluoxetine, fluvoxamine and sertraline are also offered with schedules chosen on the order form (taperingstrip-uk), but no series for them is stated, so they have no rows. pouch_step_mg 0.5 is assumed from the series name (19 to 0.5 mg): the source does not state the step.');
