# shellcheck shell=bash
# Lógica compartida por scripts/demo.sh y scripts/test.sh (se carga con `source`, no se ejecuta).
#
#   sigma_venv REQUISITOS   crea .venv si falta (o está roto) e instala REQUISITOS con pip,
#                           salvo que los requirements*.txt no hayan cambiado desde la última vez.
#
# Variables: PYTHON (intérprete base; por omisión python3, debe ser >= 3.11).
# Se espera que el directorio actual sea la raíz del repositorio.

SIGMA_VENV=".venv"
SIGMA_PY="$SIGMA_VENV/bin/python"

sigma_es_root() { [ "$(id -u)" -eq 0 ]; }

sigma_aviso() { printf '\n==> %s\n' "$*" >&2; }

sigma_error() {
    printf '\nERROR: %s\n' "$*" >&2
    exit 1
}

# apt-get update una sola vez por ejecución.
sigma_apt_update() {
    if [ -z "${SIGMA_APT_ACTUALIZADO:-}" ]; then
        DEBIAN_FRONTEND=noninteractive apt-get update -q
        SIGMA_APT_ACTUALIZADO=1
    fi
}

sigma_apt_install() {
    sigma_apt_update
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@"
}

_sigma_venv_sano() {
    [ -x "$SIGMA_PY" ] && "$SIGMA_PY" -c 'import sys; assert sys.version_info >= (3, 11)' 2>/dev/null \
        && "$SIGMA_PY" -m pip --version >/dev/null 2>&1
}

_sigma_crear_venv() {
    local python="${PYTHON:-python3}"
    command -v "$python" >/dev/null 2>&1 \
        || sigma_error "No se encontró '$python'. Instale Python 3.11 o posterior (sudo apt-get install python3)."
    "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
        || sigma_error "SIGMA necesita Python 3.11 o posterior; '$python' es $("$python" -V 2>&1)."

    sigma_aviso "Creando el entorno virtual $SIGMA_VENV con $("$python" -V 2>&1)"
    if "$python" -m venv "$SIGMA_VENV"; then
        return 0
    fi
    # En Debian/Ubuntu, venv sin ensurepip falla y deja un .venv a medias.
    rm -rf "$SIGMA_VENV"
    # Debian/Ubuntu: python3.X-venv corresponde exactamente al intérprete; python3-venv, al
    # python3 por omisión de la distribución.
    local paquete
    paquete="python$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')-venv"
    if sigma_es_root && command -v apt-get >/dev/null 2>&1; then
        sigma_apt_update || true
        apt-cache show "$paquete" >/dev/null 2>&1 || paquete="python3-venv"
        sigma_aviso "Falta el módulo venv/ensurepip; instalando $paquete con apt-get"
        sigma_apt_install "$paquete" \
            || sigma_error "No se pudo instalar $paquete con apt-get."
        "$python" -m venv "$SIGMA_VENV" || {
            rm -rf "$SIGMA_VENV"
            sigma_error "No se pudo crear $SIGMA_VENV aun después de instalar $paquete."
        }
    else
        sigma_error "No se pudo crear el entorno virtual: falta el módulo venv de Python.
En Debian/Ubuntu instálelo con:

    sudo apt-get install $paquete     (o python3-venv)

y vuelva a ejecutar este script."
    fi
}

# Huella de todos los requirements*.txt (uno incluye al otro con -r) y del intérprete.
_sigma_huella() {
    { "$SIGMA_PY" -V 2>&1; cat requirements*.txt; } | sha256sum | cut -d' ' -f1
}

sigma_venv() {
    local requisitos="$1" sello huella
    sello="$SIGMA_VENV/.sigma-pip-$(basename "$requisitos" .txt).sha256"

    if ! _sigma_venv_sano; then
        if [ -e "$SIGMA_VENV" ]; then
            sigma_aviso "El entorno $SIGMA_VENV existe pero no funciona; se vuelve a crear"
            rm -rf "$SIGMA_VENV"
        fi
        _sigma_crear_venv
    fi

    huella="$(_sigma_huella)"
    if [ -f "$sello" ] && [ "$(cat "$sello")" = "$huella" ]; then
        return 0
    fi
    sigma_aviso "Instalando dependencias de $requisitos (pip)"
    "$SIGMA_PY" -m pip install -q --disable-pip-version-check -r "$requisitos" \
        || sigma_error "pip no pudo instalar $requisitos."
    printf '%s\n' "$huella" >"$sello"
}
