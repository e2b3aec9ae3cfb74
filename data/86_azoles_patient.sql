-- Special populations of the azoles added for interaction work
-- (data/35_azoles.sql); after data/80_patient.sql, which creates the table.
INSERT INTO patient_covariates (drug, condition, param, factor, exponent, basis, source, note, effect) VALUES
('ketoconazole', 'age>=65', 'cl', 1, NULL, 'label', 'nizoral-label', 'the label gives no elderly PK factor', 'none'),
('ketoconazole', 'hepatic>=mild', 'cl', 1, NULL, 'label', 'nizoral-label', 'no PK factor: the label contraindicates ketoconazole in acute or chronic liver disease', 'none'),
('ketoconazole', 'renal>=mild', 'cl', 1, NULL, 'label', 'nizoral-label', 'the label gives no renal PK factor (renal excretion of unchanged drug is small)', 'none'),
('itraconazole', 'age>=65', 'cl', 1, NULL, 'label', 'sporanox-label', 'the label gives no elderly PK factor (limited data; use with caution)', 'none'),
('itraconazole', 'hepatic>=mild', 'cl', 1, NULL, 'label', 'sporanox-label', 'the label reports a longer half-life in cirrhosis after one dose but gives no dose factor; monitor levels', 'none'),
('itraconazole', 'renal>=mild', 'cl', 1, NULL, 'label', 'sporanox-label', 'the label gives no renal PK factor for the capsules', 'none');
