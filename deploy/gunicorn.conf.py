# Gunicorn para SIGMA (lo usa deploy/sigma-web.service). Cada valor se puede cambiar con una variable en
# /etc/sigma/sigma.env sin tocar este archivo.
import os

wsgi_app = "config.wsgi:application"
# Solo escucha en el propio equipo: nginx es quien atiende a la red (deploy/nginx-sigma.conf).
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# 2 a 4 procesos bastan para una dirección municipal; más procesos = más memoria (≈ 120 MB cada uno).
workers = max(2, min(4, int(os.environ.get("GUNICORN_WORKERS", "3"))))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
# Exportaciones y PDF grandes corren como tareas; una petición que tarda más que esto es un error.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Recicla procesos de vez en cuando (fugas de memoria de bibliotecas de terceros).
max_requests = 1000
max_requests_jitter = 100
# Bitácora a stderr: systemd la guarda en journald (journalctl -u sigma-web).
accesslog = "-" if os.environ.get("GUNICORN_ACCESSLOG", "0") == "1" else None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
# Cabeceras X-Forwarded-* solo se creen si vienen de nginx en el mismo equipo.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
proc_name = "sigma-web"
