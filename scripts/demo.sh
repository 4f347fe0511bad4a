#!/usr/bin/env bash
# SIGMA de demostración en esta máquina: bash scripts/demo.sh
#
# Crea (o reutiliza) .venv, instala requirements.txt, prepara la base de datos SQLite de var/
# con datos de demostración y levanta el servidor de desarrollo y el cluster de tareas.
# Ctrl-C detiene ambos. Volver a ejecutarlo reutiliza el entorno y los datos.
# Solo para demostración: usa DEBUG=1 (sin SECRET_KEY). No es una instalación de producción.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/_venv.sh
source scripts/_venv.sh

command -v setsid >/dev/null 2>&1 || sigma_error "Falta 'setsid' (paquete util-linux)."

sigma_venv requirements.txt

export DEBUG=1
export PYTHONUNBUFFERED=1
MANAGE=("$SIGMA_PY" manage.py)
DIRECCION="${SIGMA_DIRECCION:-127.0.0.1:8000}"  # otra dirección: SIGMA_DIRECCION=127.0.0.1:8080

sigma_aviso "Aplicando migraciones"
"${MANAGE[@]}" migrate --noinput
sigma_aviso "Sincronizando tareas programadas"
"${MANAGE[@]}" sincronizar_tareas
sigma_aviso "Cargando datos de demostración"
"${MANAGE[@]}" cargar_demo
sigma_aviso "Usuarios de demostración"
"${MANAGE[@]}" crear_usuarios_demo

# Cada proceso va en su propio grupo (setsid) para detenerlo completo: el autoreload de
# runserver y los workers de qcluster son procesos hijos.
PID_CLUSTER=""
PID_SERVIDOR=""

_terminar() {
    trap - INT TERM HUP EXIT
    set +e
    local pid
    if [ -n "$PID_CLUSTER$PID_SERVIDOR" ]; then
        printf '\n==> Deteniendo SIGMA...\n' >&2
    fi
    # runserver: su proceso de autoreload no reenvía la señal al hijo; se señala todo el grupo.
    [ -n "$PID_SERVIDOR" ] && kill -TERM -- "-$PID_SERVIDOR" 2>/dev/null
    # qcluster: SIGTERM solo al proceso principal, que detiene a sus workers en orden
    # (si también se señalan los workers la parada se atasca).
    [ -n "$PID_CLUSTER" ] && kill -TERM "$PID_CLUSTER" 2>/dev/null
    # Hasta 15 s para terminar; después se fuerza (SIGKILL a todo el grupo).
    for pid in $PID_SERVIDOR $PID_CLUSTER; do
        for _ in $(seq 1 30); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.5
        done
        kill -KILL -- "-$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    done
    return 0
}
trap '_terminar; exit 130' INT
trap '_terminar; exit 143' TERM
trap '_terminar; exit 129' HUP
trap '_terminar' EXIT

printf '\nSIGMA en http://%s\n(Ctrl-C para detener)\n\n' "$DIRECCION"

setsid "${MANAGE[@]}" qcluster &
PID_CLUSTER=$!
setsid "${MANAGE[@]}" runserver "$DIRECCION" </dev/null &
PID_SERVIDOR=$!

# Si cualquiera de los dos termina, se detiene el otro (trap EXIT).
estado=0
wait -n "$PID_SERVIDOR" "$PID_CLUSTER" || estado=$?
if kill -0 "$PID_SERVIDOR" 2>/dev/null; then
    sigma_aviso "El cluster de tareas (qcluster) terminó (código $estado); se detiene el servidor."
else
    sigma_aviso "El servidor (runserver) terminó (código $estado); se detiene el cluster de tareas."
fi
exit "$estado"
