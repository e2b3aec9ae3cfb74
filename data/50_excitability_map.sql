-- The excitability map: COBAHH network behaviour versus the effective
-- GABA-A modulation (1 = drug-free), made by `cnsim excitability-map
-- --format sql` (the command and settings are in the comment above the
-- rows). `cnsim simulate` interpolates it to report network_rate_hz and
-- seizure_susceptibility_index along a patient's course.
INSERT INTO sources (id, authors, year, title, journal_or_label, pmid, doi, url, note) VALUES
('brette2007', 'Brette R, Rudolph M, Carnevale T, Hines M, Beeman D, Bower JM, Diesmann M, Morrison A, Goodman PH, Harris FC Jr, Zirpe M, Natschlager T, Pecevski D, Ermentrout B, Djurfeldt M, Lansner A, Rochel O, Vieville T, Muller E, Davison AP, El Boustani S, Destexhe A', 2007, 'Simulation of networks of spiking neurons: a review of tools and strategies', 'J Comput Neurosci 23:349-398', '17629781', '10.1007/s10827-007-0038-6', NULL, 'Benchmark 3 (COBAHH): 4000 Hodgkin-Huxley cells, 80/20, 2% connectivity, conductance-based exponential synapses; the network behind the excitability map (simulated by cnsim network).');

CREATE TABLE excitability_map (
    model            TEXT NOT NULL,
    gabaa_modulation REAL NOT NULL,
    mean_rate_hz     REAL NOT NULL,
    rate_exc_hz      REAL NOT NULL,
    rate_inh_hz      REAL NOT NULL,
    synchrony        REAL NOT NULL,
    burst_fraction   REAL NOT NULL,
    seizure_like     INTEGER NOT NULL,
    source           TEXT NOT NULL,
    PRIMARY KEY (model, gabaa_modulation)
);

-- Made by: cnsim excitability-map --from 0.2 --to 2 --steps 19 --duration 1000ms --seed 1 --format sql
-- (COBAHH, 4000 neurons; cnsim 0.1.0). Regenerate with that command; a test re-runs points.
INSERT INTO excitability_map (model, gabaa_modulation, mean_rate_hz, rate_exc_hz, rate_inh_hz, synchrony, burst_fraction, seizure_like, source) VALUES
('cobahh', 0.2, 225.922, 226.47, 223.727, 0.0192855, 1, 1, 'brette2007'),
('cobahh', 0.3, 175.796, 175.79, 175.817, 0.0207306, 1, 1, 'brette2007'),
('cobahh', 0.4, 112.851, 112.955, 112.436, 0.0236246, 1, 1, 'brette2007'),
('cobahh', 0.5, 81.7567, 81.9163, 81.1188, 0.034352, 0, 0, 'brette2007'),
('cobahh', 0.6, 66.7043, 67.1491, 64.925, 0.038818, 0, 0, 'brette2007'),
('cobahh', 0.7, 53.92, 54.1191, 53.1238, 0.0532535, 0, 0, 'brette2007'),
('cobahh', 0.8, 46.698, 47.0428, 45.3188, 0.0492759, 0, 0, 'brette2007'),
('cobahh', 0.9, 42.8402, 43.2775, 41.0913, 0.062429, 0, 0, 'brette2007'),
('cobahh', 1, 36.2895, 36.3844, 35.91, 0.0591084, 0, 0, 'brette2007'),
('cobahh', 1.1, 32.678, 32.81, 32.15, 0.0635527, 0, 0, 'brette2007'),
('cobahh', 1.2, 30.8355, 31.1141, 29.7213, 0.0773632, 0, 0, 'brette2007'),
('cobahh', 1.3, 29.6545, 30.0109, 28.2288, 0.0686296, 0, 0, 'brette2007'),
('cobahh', 1.4, 28.8265, 29.3256, 26.83, 0.0628374, 0, 0, 'brette2007'),
('cobahh', 1.5, 24.7005, 24.7519, 24.495, 0.0619692, 0, 0, 'brette2007'),
('cobahh', 1.6, 23.2877, 23.4237, 22.7437, 0.0584048, 0, 0, 'brette2007'),
('cobahh', 1.7, 23.2937, 23.4956, 22.4862, 0.0686564, 0, 0, 'brette2007'),
('cobahh', 1.8, 21.067, 21.1719, 20.6475, 0.0652512, 0, 0, 'brette2007'),
('cobahh', 1.9, 21.6208, 21.865, 20.6438, 0.0629194, 0, 0, 'brette2007'),
('cobahh', 2, 20.7985, 20.9862, 20.0475, 0.0648813, 0, 0, 'brette2007');
