-- CYP2C19 and CYP2D6 phenotype frequencies by ancestry, for population
-- scenarios that sample a phenotype ("covariates": {"cyp2c19":
-- {"ancestry": "european"}}, src/population/pop_spec.c). Frequencies are
-- fractions of a population; a set that does not add up to 1 exactly
-- (rounding in the source) is normalised when read. 'reported' where the
-- source tabulates the phenotype (or its diplotypes), 'derived' where
-- cnsim computed it (the note says how).

INSERT INTO sources (id, authors, year, title, journal_or_label, pmid, doi, url, note) VALUES
('alrajeh2022', 'Alrajeh KY, Roman YM', 2022, 'The frequency of major CYP2C19 genetic polymorphisms in women of Asian, Native Hawaiian and Pacific Islander subgroups', 'Per Med 19(4):327-339', NULL, '10.2217/pme-2021-0175', NULL, 'Table 3: CYP2C19 *1/*2/*3/*17 diplotype and predicted phenotype frequencies; European reference n = 1,689,246 (direct-to-consumer genotyping data), Japanese n = 184.'),
('bradford2002', 'Bradford LD', 2002, 'CYP2D6 allele frequency in European Caucasians, Asians, Africans and their descendants', 'Pharmacogenomics 3(2):229-243', '11972444', '10.1517/14622416.3.2.229', NULL, 'Allele function groups: European Caucasians 71% functional, 26% non-functional; Asians about 50% functional, CYP2D6*10 (reduced) median 41%; African Americans about 50% functional, 35% reduced, 14.5% non-functional. PMID and DOI from memory, verify.'),
('caudle2020', 'Caudle KE, Sangkuhl K, Whirl-Carrillo M, et al.', 2020, 'Standardizing CYP2D6 genotype to phenotype translation: consensus recommendations from the Clinical Pharmacogenetics Implementation Consortium and Dutch Pharmacogenetics Working Group', 'Clin Transl Sci 13(1):116-124', '31647186', '10.1111/cts.12692', NULL, 'Activity score: normal-function allele 1, decreased 0.5 (CYP2D6*10 0.25), no function 0; phenotype PM 0, IM 0.25-1, NM 1.25-2.25, UM > 2.25. PMID and DOI from memory, verify.');

CREATE TABLE phenotype_frequencies (
    gene       TEXT NOT NULL CHECK (gene IN ('cyp2c19', 'cyp2d6')),
    ancestry   TEXT NOT NULL CHECK (ancestry = lower(ancestry)),
    phenotype  TEXT NOT NULL CHECK (phenotype IN ('poor', 'intermediate', 'normal', 'rapid', 'ultrarapid')),
    frequency  REAL NOT NULL CHECK (frequency >= 0 AND frequency <= 1),
    n_subjects INTEGER,                -- genotyped subjects behind the frequency, where stated
    basis      TEXT NOT NULL CHECK (basis IN ('reported', 'derived')),
    source     TEXT NOT NULL REFERENCES sources(id),
    note       TEXT NOT NULL,
    PRIMARY KEY (gene, ancestry, phenotype)
);

INSERT INTO phenotype_frequencies (gene, ancestry, phenotype, frequency, n_subjects, basis, source, note) VALUES
-- CYP2C19: *17/*17 UM, *1/*17 RM, *1/*1 NM, one no-function allele IM, two PM
('cyp2c19', 'european', 'ultrarapid', 0.047, 1689246, 'reported', 'alrajeh2022', 'Table 3, EUR: *17/*17 4.7%'),
('cyp2c19', 'european', 'rapid', 0.276, 1689246, 'reported', 'alrajeh2022', 'Table 3, EUR: *1/*17 27.6%'),
('cyp2c19', 'european', 'normal', 0.406, 1689246, 'reported', 'alrajeh2022', 'Table 3, EUR: *1/*1 40.6%'),
('cyp2c19', 'european', 'intermediate', 0.248, 1689246, 'reported', 'alrajeh2022', 'Table 3, EUR: IM 24.8% (*1/*2 18.5%, *2/*17 6.3%, *1/*3, *3/*17)'),
('cyp2c19', 'european', 'poor', 0.021, 1689246, 'reported', 'alrajeh2022', 'Table 3, EUR: *2/*2 2.1% (*2/*3 and *3/*3 below 0.01%)'),
('cyp2c19', 'japanese', 'ultrarapid', 0.0, 184, 'reported', 'alrajeh2022', 'Table 3, Japanese: *17/*17 0%'),
('cyp2c19', 'japanese', 'rapid', 0.016, 184, 'reported', 'alrajeh2022', 'Table 3, Japanese: *1/*17 1.6%'),
('cyp2c19', 'japanese', 'normal', 0.321, 184, 'reported', 'alrajeh2022', 'Table 3, Japanese: *1/*1 32.1%'),
('cyp2c19', 'japanese', 'intermediate', 0.44, 184, 'reported', 'alrajeh2022', 'Table 3, Japanese: IM 44%'),
('cyp2c19', 'japanese', 'poor', 0.223, 184, 'derived', 'alrajeh2022', 'PM = 1 - the other phenotypes of Table 3 (*2/*2 15.2%, *3/*3 0.5%, and *2/*3)'),
-- CYP2D6: Hardy-Weinberg genotype frequencies from Bradford 2002's allele
-- function groups (functional f, reduced r, non-functional z), phenotypes by
-- the CPIC/DPWG activity score (caudle2020). Bradford counts gene
-- duplications among the functional alleles, so no UM can be separated:
-- the UM frequency is 0 here and the NM frequency includes them.
('cyp2d6', 'european', 'poor', 0.0676, NULL, 'derived', 'bradford2002', 'z = 0.26: z^2'),
('cyp2d6', 'european', 'intermediate', 0.3857, NULL, 'derived', 'bradford2002', 'f = 0.71, r = 0.03 (remainder), z = 0.26: 2fz + 2rz + r^2 (AS 0.5-1, caudle2020)'),
('cyp2d6', 'european', 'normal', 0.5467, NULL, 'derived', 'bradford2002', 'f^2 + 2fr (AS 1.5-2); duplications included'),
('cyp2d6', 'european', 'ultrarapid', 0.0, NULL, 'derived', 'bradford2002', 'not separable: duplications are counted as functional alleles'),
('cyp2d6', 'east-asian', 'poor', 0.0081, NULL, 'derived', 'bradford2002', 'f = 0.50, r = 0.41 (CYP2D6*10, AS 0.25), z = 0.09 (remainder): z^2'),
('cyp2d6', 'east-asian', 'intermediate', 0.3319, NULL, 'derived', 'bradford2002', '2fz (AS 1) + r^2 (AS 0.5) + 2rz (AS 0.25)'),
('cyp2d6', 'east-asian', 'normal', 0.66, NULL, 'derived', 'bradford2002', 'f^2 (AS 2) + 2fr (AS 1.25); duplications included'),
('cyp2d6', 'east-asian', 'ultrarapid', 0.0, NULL, 'derived', 'bradford2002', 'not separable: duplications are counted as functional alleles'),
('cyp2d6', 'african-american', 'poor', 0.021, NULL, 'derived', 'bradford2002', 'f = 0.505 (remainder), r = 0.35, z = 0.145: z^2'),
('cyp2d6', 'african-american', 'intermediate', 0.3705, NULL, 'derived', 'bradford2002', '2fz + 2rz + r^2 (AS 0.5-1)'),
('cyp2d6', 'african-american', 'normal', 0.6085, NULL, 'derived', 'bradford2002', 'f^2 + 2fr (AS 1.5-2); duplications included'),
('cyp2d6', 'african-american', 'ultrarapid', 0.0, NULL, 'derived', 'bradford2002', 'not separable: duplications are counted as functional alleles');
