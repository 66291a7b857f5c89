from typer.testing import CliRunner

from ombud.cli import app

runner = CliRunner()


def test_db_upgrade_creates_the_default_sqlite_database_under_var(tmp_path, monkeypatch):
    for name in ("OMBUD_DATABASE_URL", "OMBUD_DATA_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert "var/ombud.db: schema at revision 0002" in result.output
    assert (tmp_path / "var" / "ombud.db").exists()


def test_db_upgrade_twice_is_harmless(tmp_path):
    url = f"sqlite:///{tmp_path}/ombud.db"
    for _ in range(2):
        result = runner.invoke(app, ["db", "upgrade", "--database-url", url])
        assert result.exit_code == 0, result.output


def test_db_upgrade_refuses_an_unsupported_url_as_a_usage_error():
    result = runner.invoke(app, ["db", "upgrade", "--database-url", "mysql://u@h/db"])
    assert result.exit_code == 2
    assert "not supported" in result.output


def test_db_upgrade_help_ends_with_an_example():
    result = runner.invoke(app, ["db", "upgrade", "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output
    assert "ombud db upgrade --database-url" in result.output
