"""Settings: `check --deploy` is clean in production, missing secrets stop the start, secrets can come from
files, and only starting Django (not importing the settings) makes the embedded default's folders."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "KEJIJIE_ENV": "production",
    "SECRET_KEY": "n8$Yq2!vT7#pL4@wZ9^rK1&mX6*bJ3(hD5)fG0_sA-cE+uI=oP",
    "ALLOWED_HOSTS": "kejijie.example.edu.cn",
}


# The variables these tests set themselves; the rest of the environment (CI's DATABASE_URL) is passed on.
OWN = {"SECRET_KEY", "SECRET_KEY_FILE", "ALLOWED_HOSTS", "KEJIJIE_ENV", "DJANGO_ALLOW_ASYNC_UNSAFE"}
# The embedded default: no database, cache or broker server, no folder given.
SERVERS_AND_FOLDERS = {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "STATIC_ROOT", "MEDIA_ROOT", "PRIVATE_ROOT"}


def _manage(*args: str, env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess:
    return _run("manage.py", *args, env=env, tmp_path=tmp_path)


def _python(code: str, *, env: dict[str, str], tmp_path: Path, drop=frozenset()) -> subprocess.CompletedProcess:
    return _run("-c", code, env={"DJANGO_SETTINGS_MODULE": "festival.settings", **env}, tmp_path=tmp_path, drop=drop)


def _run(*args: str, env: dict[str, str], tmp_path: Path, drop=frozenset()) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in OWN | drop}
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**clean, "KEJIJIE_VAR_DIR": str(tmp_path), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION, tmp_path=tmp_path)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}

    result = _manage("check", env=env, tmp_path=tmp_path)

    assert result.returncode != 0
    assert "Set SECRET_KEY (or SECRET_KEY_FILE) in production." in result.stderr


def test_secret_key_can_come_from_a_file(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text(PRODUCTION["SECRET_KEY"] + "\n", encoding="utf-8")
    env = {**{k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}, "SECRET_KEY_FILE": str(secret)}

    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=env, tmp_path=tmp_path)

    assert result.returncode == 0, result.stderr


def test_production_refuses_to_start_without_allowed_hosts(tmp_path):
    env = {k: v for k, v in PRODUCTION.items() if k != "ALLOWED_HOSTS"}

    result = _manage("check", env=env, tmp_path=tmp_path)

    assert result.returncode != 0
    assert "Set ALLOWED_HOSTS in production." in result.stderr


def test_secret_key_file_wins_over_secret_key_and_is_read_as_it_is(tmp_path):
    # A key beginning with "$" (as one in fifty of Django's random keys do) is the key, not a reference to a
    # variable; the file's newline is not part of it.
    key = "$" + PRODUCTION["SECRET_KEY"]
    secret = tmp_path / "secret"
    secret.write_text(key + "\n", encoding="utf-8")
    env = {**PRODUCTION, "SECRET_KEY": "the-variable-loses", "SECRET_KEY_FILE": str(secret)}

    result = _python("from django.conf import settings; print(settings.SECRET_KEY)", env=env, tmp_path=tmp_path)

    assert result.returncode == 0, result.stderr
    assert result.stdout == key + "\n"


def test_a_missing_secret_key_file_stops_the_start(tmp_path):
    env = {**PRODUCTION, "SECRET_KEY_FILE": str(tmp_path / "missing")}

    result = _manage("check", env=env, tmp_path=tmp_path)

    assert result.returncode != 0
    assert "FileNotFoundError" in result.stderr


FOLDERS = """
import json, os
from pathlib import Path
def folders():
    return sorted(str(p.relative_to(os.environ["ROOT"])) for p in Path(os.environ["ROOT"]).rglob("*") if p.is_dir())
import festival.settings
imported = folders()
import django
django.setup()
print(json.dumps({"imported": imported, "setup": folders()}))
"""


def _folders(tmp_path: Path, **env: str) -> dict[str, list[str]]:
    root = tmp_path / "root"
    root.mkdir()
    env = {"ROOT": str(root), "STATIC_ROOT": str(root / "static"), **env}
    result = _python(
        FOLDERS, env={"KEJIJIE_VAR_DIR": str(root / "var"), **env}, tmp_path=tmp_path, drop=SERVERS_AND_FOLDERS
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_importing_the_settings_makes_no_folder_and_starting_django_makes_the_embedded_defaults(tmp_path):
    folders = _folders(tmp_path)

    assert folders["imported"] == []
    # SQLite's folder (also the test databases'), the file-system broker's and STATIC_ROOT for WhiteNoise.
    assert folders["setup"] == [
        "static",
        "var",
        "var/celery-broker",
        "var/celery-broker/control",
        "var/celery-broker/processed",
        "var/celery-broker/queue",
    ]


def test_starting_django_on_postgresql_and_redis_in_production_makes_no_folder(tmp_path):
    # Nothing connects to these: starting Django opens no connection.
    servers = {"DATABASE_URL": "postgres://nobody@127.0.0.1:1/nothing", "REDIS_URL": "redis://127.0.0.1:1/0"}

    folders = _folders(tmp_path, **PRODUCTION, **servers)

    assert folders == {"imported": [], "setup": []}
