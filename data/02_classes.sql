-- Class hierarchy (a DAG, specific -> general). Drugs are linked to their
-- most specific classes in the per-drug files; "is X a Y?" walks upward.

INSERT INTO classes (name, description, source) VALUES
('CNS depressant', 'Drug that depresses central nervous system activity; combinations add sedation and respiratory depression', 'klonopin-label'),
('GABA-A receptor positive allosteric modulator', 'Binds an allosteric site of the GABA-A receptor and increases the response to GABA', 'griffin2013'),
('benzodiazepine', 'Positive allosteric modulator at the benzodiazepine site (alpha/gamma2 interface) of GABA-A receptors: more frequent chloride-channel opening', 'griffin2013'),
('anxiolytic', 'ATC N05B: drugs used for anxiety', 'atc-whocc'),
('antiepileptic', 'ATC N03: antiepileptics', 'atc-whocc'),
('hypnotic and sedative', 'ATC N05C: hypnotics and sedatives', 'atc-whocc'),
('antidepressant', 'ATC N06A: antidepressants', 'atc-whocc'),
('monoamine reuptake inhibitor', 'Blocks a plasma-membrane monoamine transporter (SERT, NET or DAT)', 'mhra-ssri'),
('serotonin reuptake inhibitor', 'Blocks the serotonin transporter (SERT), raising synaptic serotonin', 'mhra-ssri'),
('SSRI', 'Selective serotonin reuptake inhibitor, ATC N06AB', 'atc-whocc'),
('opioid agonist', 'Agonist at the mu-opioid receptor', 'roxicodone-label'),
('opioid analgesic', 'ATC N02A: opioids', 'atc-whocc'),
('alcohol', 'Ethanol: a CNS depressant with GABA-A potentiating and NMDA-inhibiting actions', 'norberg2003'),
('macrolide antibacterial', 'ATC J01FA: macrolides', 'atc-whocc'),
('antibacterial', 'ATC J01: antibacterials for systemic use', 'atc-whocc'),
('carboxamide antiepileptic', 'ATC N03AF: carboxamide derivatives', 'atc-whocc'),
('strong CYP3A4 inhibitor', 'Raises the AUC of a sensitive CYP3A substrate at least 5-fold (FDA classification)', 'fda-ddi-table'),
('strong CYP3A4 inducer', 'Lowers the AUC of a sensitive CYP3A substrate by at least 80% (FDA classification)', 'fda-ddi-table'),
('strong CYP2D6 inhibitor', 'Raises the AUC of a sensitive CYP2D6 substrate at least 5-fold (FDA classification)', 'fda-ddi-table'),
('strong CYP1A2 inhibitor', 'Raises the AUC of a sensitive CYP1A2 substrate at least 5-fold (FDA classification)', 'fda-ddi-table'),
('CYP inhibitor', 'Inhibits a cytochrome P450 enzyme', 'fda-ddi-table'),
('CYP inducer', 'Induces a cytochrome P450 enzyme', 'fda-ddi-table');

INSERT INTO class_aliases (alias, class, source) VALUES
('selective serotonin reuptake inhibitor', 'SSRI', 'atc-whocc'),
('SRI', 'serotonin reuptake inhibitor', 'mhra-ssri'),
('BZD', 'benzodiazepine', 'griffin2013'),
('benzo', 'benzodiazepine', 'ashton2002'),
('anticonvulsant', 'antiepileptic', 'atc-whocc'),
('antiseizure medication', 'antiepileptic', 'atc-whocc'),
('opioid', 'opioid agonist', 'roxicodone-label'),
('sedative', 'hypnotic and sedative', 'atc-whocc'),
('GABA-A PAM', 'GABA-A receptor positive allosteric modulator', 'griffin2013');

INSERT INTO class_parents (class, parent, source) VALUES
('benzodiazepine', 'GABA-A receptor positive allosteric modulator', 'griffin2013'),
('GABA-A receptor positive allosteric modulator', 'CNS depressant', 'klonopin-label'),
('SSRI', 'antidepressant', 'atc-whocc'),
('SSRI', 'serotonin reuptake inhibitor', 'mhra-ssri'),
('serotonin reuptake inhibitor', 'monoamine reuptake inhibitor', 'mhra-ssri'),
('opioid agonist', 'opioid analgesic', 'atc-whocc'),
('opioid agonist', 'CNS depressant', 'roxicodone-label'),
('alcohol', 'CNS depressant', 'niaaa-alcohol'),
('macrolide antibacterial', 'antibacterial', 'atc-whocc'),
('carboxamide antiepileptic', 'antiepileptic', 'atc-whocc'),
('strong CYP3A4 inhibitor', 'CYP inhibitor', 'fda-ddi-table'),
('strong CYP2D6 inhibitor', 'CYP inhibitor', 'fda-ddi-table'),
('strong CYP1A2 inhibitor', 'CYP inhibitor', 'fda-ddi-table'),
('strong CYP3A4 inducer', 'CYP inducer', 'fda-ddi-table');
