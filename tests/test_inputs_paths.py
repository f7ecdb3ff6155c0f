"""One home for paths: every folder the project reads is where the paths module says."""

from sim.inputs import paths


def test_paths_point_into_the_project():
    assert (paths.PROJECT_ROOT / "pyproject.toml").is_file()
    assert (paths.CONFIG_DIR / "config.yaml").is_file()
    assert (paths.SEEDS_DIR / "members.yaml").is_file()
    assert paths.SCENARIO_DIR.parent == paths.CONFIG_DIR and paths.DECISION_DIR.parent == paths.CONFIG_DIR
    assert paths.SHARED_DIR.parent == paths.PROJECT_ROOT.parent
