"""Production settings: `check --deploy` is clean, and missing secrets stop the start."""

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


def _manage(*args: str, env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "KEJIJIE_ENV", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
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
