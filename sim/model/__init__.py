"""The model (ODD: entities, process, submodels): decision terms, crisis, alliance rule, trust,
the member-state agent and the AllianceModel that runs one crisis."""
