#!/usr/bin/env bash
# Pruebas de SIGMA: bash scripts/test.sh [argumentos de pytest]
#
# Crea (o reutiliza) .venv, instala requirements-dev.txt y ejecuta pytest.
# Las pruebas e2e usan el Chromium de Debian (/usr/bin/chromium): si falta y somos root se
# instala con apt-get; si no, solo se avisa y esas pruebas se omiten con un motivo.
# Base de datos: SQLite por omisión; PostgreSQL con DATABASE_URL=postgres://usuario:clave@host:puerto/bd
# (el usuario necesita CREATEDB: pytest-django crea la base test_<bd>).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/_venv.sh
source scripts/_venv.sh

sigma_venv requirements-dev.txt

CHROMIUM=/usr/bin/chromium
if [ ! -x "$CHROMIUM" ]; then
    if sigma_es_root && command -v apt-get >/dev/null 2>&1; then
        sigma_aviso "Instalando Chromium de Debian para las pruebas en navegador (apt-get)"
        sigma_apt_install chromium fonts-dejavu-core \
            || sigma_error "No se pudo instalar chromium con apt-get."
    else
        sigma_aviso "AVISO: falta $CHROMIUM; las pruebas en navegador (e2e) se omitirán.
    Para ejecutarlas: sudo apt-get install chromium fonts-dejavu-core"
    fi
fi

estado=0
"$SIGMA_PY" -m pytest "$@" || estado=$?
exit "$estado"
