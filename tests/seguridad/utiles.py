"""Ayudas de las pruebas de seguridad: cargas XSS y cómo comprobar que salieron escapadas."""
import re

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
PLANTILLA = "{{7*7}}"
XSS = SCRIPT + IMG + PLANTILLA  # 62 caracteres: cabe en un hostname (63)
ESCAPADA = "&lt;script&gt;alert(1)&lt;/script&gt;"

_PELIGROSOS = [re.compile(p, re.I) for p in (r"<script>alert\(1\)", r"<img src=x onerror", r"onerror=alert\(1\)>")]


def sin_xss(html, donde, debe_mostrarse=True):
    """Ninguna carga aparece cruda; si debe_mostrarse, al menos una aparece escapada (el campo sí se pintó)."""
    for patron in _PELIGROSOS:
        assert not patron.search(html), f"{donde}: carga sin escapar ({patron.pattern})"
    if debe_mostrarse:
        assert ESCAPADA in html or SCRIPT.replace("<", "\\u003C") in html, f"{donde}: no se mostró el texto"
    if debe_mostrarse:
        assert PLANTILLA in html, f"{donde}: {PLANTILLA} se interpretó como plantilla"
