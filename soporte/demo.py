"""Datos de demostración de la mesa de servicio: un año de solicitudes con su bitácora, relojes e incumplimientos,
quejas, encuestas, asesorías y proyectos.

Se apoya en el municipio de inventario (empleados y equipos con resguardante). El plan se arma completo en
memoria con ``random.Random(semilla)`` (mismas entradas → mismos datos) y se guarda en bloque:

- los folios salen de ``ContadorFolio`` en orden de recepción (se reserva un bloque por año),
- las metas, de ``services.metas``; los vencimientos y los incumplimientos, de ``sla.relojes`` sobre la misma
  bitácora que se guarda (lo mismo que haría ``services.actualizar_relojes``, sin una consulta por solicitud),
- no se envían las señales ``solicitud_registrada``/``solicitud_cambiada``: los proyectos se crean aquí.

Idempotente: si ya hay solicitudes de demostración (historial con el motivo ``MOTIVO``) no crea nada.
Los usuarios técnicos («tecnico», «tecnico2», «tecnico3»), «mesa» y «director» se crean sin contraseña usable
si faltan; ``crear_usuarios_demo`` después les pone la contraseña de demostración a los de su lista.
"""
from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from comun import demo as demo_comun
from comun.calendario import Calendario
from comun.models import Empleado
from comun.roles import DIRECTOR, MESA_AYUDA, TECNICO
from inventario.models import Equipo

from . import services, sla
from .choices import Canal, CanalQueja, Compromiso, Estado, EstadoQueja, Fase, Nivel, TipoEspera, prioridad_de
from .models import (
    Asesoria,
    CambioEstado,
    Comentario,
    ContadorFolio,
    Encuesta,
    Hito,
    Incumplimiento,
    Proyecto,
    Queja,
    Servicio,
    Solicitud,
)

MOTIVO = "Datos de demostración"
LOTE = 500
SOLICITUDES = 1500

# (usuario, nombre, apellidos, grupo)
USUARIOS = [
    ("mesa", "Mesa", "de Ayuda", MESA_AYUDA),
    ("director", "Director", "de Innovación", DIRECTOR),
    ("tecnico", "Técnico", "de Soporte", TECNICO),
    ("tecnico2", "Rosa Elena", "Méndez Aguilar", TECNICO),
    ("tecnico3", "Julio César", "Navarro Ponce", TECNICO),
]
PESO_TECNICOS = {"tecnico": 40, "tecnico2": 35, "tecnico3": 25}

PESO_SERVICIOS = {
    "soporte-tecnico": 48, "mantenimiento-preventivo": 14, "impresion-credenciales": 12, "asesorias": 14,
    "plataformas-web": 6, "proyectos": 6,
}
PESO_CANALES = {
    "soporte-tecnico": {Canal.TELEFONO: 60, Canal.PRESENCIAL: 15, Canal.CORREO: 10, Canal.PORTAL: 10,
                        Canal.ESCRITO: 5},
    "mantenimiento-preventivo": {Canal.ESCRITO: 40, Canal.TELEFONO: 40, Canal.CORREO: 20},
    "impresion-credenciales": {Canal.ESCRITO: 85, Canal.CORREO: 15},
    "asesorias": {Canal.TELEFONO: 50, Canal.PRESENCIAL: 30, Canal.CORREO: 15, Canal.PORTAL: 5},
    "plataformas-web": {Canal.ESCRITO: 70, Canal.CORREO: 20, Canal.PRESENCIAL: 10},
    "proyectos": {Canal.ESCRITO: 75, Canal.CORREO: 15, Canal.PRESENCIAL: 10},
}

# Asuntos realistas por servicio: (asunto, descripción). {equipo} y {n} se sustituyen.
ASUNTOS = {
    "soporte-tecnico": [
        ("La impresora atasca las hojas", "Se atoran las hojas al imprimir oficios; no hay papel roto adentro."),
        ("La computadora no enciende", "Al presionar el botón no prende ningún foco. Ayer funcionaba bien."),
        ("No puedo entrar a mi correo institucional", "Marca contraseña incorrecta aunque no la he cambiado."),
        ("Sin internet en la oficina", "Ninguna computadora del área tiene red desde esta mañana."),
        ("La impresora imprime manchado", "Las hojas salen con rayas negras; parece el tóner."),
        ("Equipo muy lento", "Tarda varios minutos en abrir el sistema de nómina y el navegador."),
        ("Pantalla azul al iniciar", "La computadora se reinicia sola con una pantalla azul."),
        ("No reconoce el escáner", "El escáner no aparece al intentar digitalizar expedientes."),
        ("Instalar programa para firma electrónica", "Se requiere instalar el programa del SAT para la e.firma."),
        ("El teclado no responde", "Varias teclas no funcionan; ya se cambió de puerto USB."),
        ("Virus en memoria USB", "Al conectar una memoria aparecen accesos directos en lugar de las carpetas."),
        ("No imprime en red", "La impresora compartida aparece sin conexión en todas las computadoras."),
        ("Configurar correo en el celular", "Se requiere configurar la cuenta institucional en el teléfono."),
        ("El monitor parpadea", "La imagen parpadea y a ratos se va a negro."),
        ("Recuperar archivo borrado", "Se borró por error una carpeta de la unidad compartida."),
        ("No hay sonido en la computadora", "Se necesita el audio para las videollamadas con el Estado."),
        ("Cambio de contraseña del sistema de catastro", "El usuario quedó bloqueado tras varios intentos."),
        ("Conectar proyector en sala de juntas", "El proyector no muestra imagen desde la laptop."),
        ("Teléfono IP sin línea", "La extensión no da tono desde ayer."),
        ("Actualización de Windows atorada", "Lleva horas en «No apague el equipo»."),
    ],
    "mantenimiento-preventivo": [
        ("Mantenimiento preventivo de computadoras del área", "Limpieza interna y revisión general de los equipos."),
        ("Limpieza de impresoras", "Limpieza de rodillos y revisión de las impresoras de la oficina."),
        ("Revisión de equipos antes del cierre de mes", "Solicitamos revisión preventiva de los equipos de caja."),
        ("Mantenimiento de no-break", "Revisión de baterías de los no-break del área."),
        ("Limpieza y optimización de equipos", "Los equipos tienen polvo acumulado y se calientan."),
        ("Revisión del site de la dependencia", "Revisión de cableado, switch y ventilación."),
    ],
    "impresion-credenciales": [
        ("Credenciales para personal de nuevo ingreso", "Oficio de Recursos Humanos con la relación de personal."),
        ("Reposición de credenciales extraviadas", "Relación de empleados que reportaron extravío."),
        ("Credenciales para elementos de la Comisaría", "Relación de elementos de la Policía Preventiva."),
        ("Credenciales por cambio de puesto", "Actualización de puesto en la credencial."),
        ("Credenciales para personal eventual", "Personal contratado por temporada."),
    ],
    "asesorias": [
        ("Asesoría en Excel: tablas dinámicas", "Excel: tablas dinámicas"),
        ("Asesoría en Excel: fórmulas básicas", "Excel: fórmulas básicas"),
        ("Uso del correo institucional", "Correo institucional: uso y buenas prácticas"),
        ("Uso de la firma electrónica", "Firma electrónica (e.firma)"),
        ("Asesoría en Word: combinación de correspondencia", "Word: combinación de correspondencia"),
        ("Compartir archivos en la nube", "Almacenamiento en la nube y carpetas compartidas"),
        ("Seguridad: contraseñas y correos falsos", "Seguridad informática: contraseñas y phishing"),
        ("Videollamadas con dependencias del Estado", "Videollamadas y reuniones en línea"),
        ("Asesoría para publicar en transparencia", "Publicación de información en la Plataforma de Transparencia"),
        ("Uso del sistema de oficios", "Sistema de control de oficios"),
    ],
    "plataformas-web": [
        ("Página web de la dependencia", "Sitio informativo con trámites, directorio y noticias."),
        ("Micrositio de convocatorias", "Publicación de convocatorias y resultados."),
        ("Formulario en línea para citas", "Los ciudadanos agendan su cita desde la página."),
        ("Portal de transparencia del área", "Sección de obligaciones de transparencia."),
        ("Página del festival cultural", "Programa, sedes y galería del festival."),
        ("Directorio de trámites en línea", "Catálogo de trámites con requisitos y costos."),
    ],
    "proyectos": [
        ("Sistema de control de oficios", "Registro, turno y seguimiento de oficios entre dependencias."),
        ("Red inalámbrica en la Unidad Administrativa", "Cobertura Wi-Fi en las tres plantas."),
        ("Digitalización del archivo de catastro", "Escaneo e índice de expedientes."),
        ("Cámaras de videovigilancia en el DIF", "Instalación y grabación de cámaras IP."),
        ("Sistema de inventario de almacén", "Entradas, salidas y existencias del almacén municipal."),
        ("Conmutador telefónico IP", "Migración de extensiones analógicas a telefonía IP."),
    ],
}
RESOLUCIONES = {
    "soporte-tecnico": [
        "Se limpió y ajustó el equipo; queda funcionando.", "Se restableció la contraseña y se verificó el acceso.",
        "Se reemplazó la pieza dañada.", "Se reinstalaron los controladores.", "Se cambió el cable de red dañado.",
        "Se eliminó el software malicioso y se respaldaron los archivos.", "Se reemplazó el tóner.",
    ],
    "mantenimiento-preventivo": ["Se realizó limpieza interna y revisión general; sin fallas.",
                                 "Mantenimiento hecho; se recomienda cambiar la batería del no-break."],
    "impresion-credenciales": ["Credenciales impresas y entregadas a Recursos Humanos."],
    "asesorias": ["Asesoría impartida.", "Asesoría impartida; se compartió material de apoyo."],
    "plataformas-web": ["Sitio publicado y entregado al área.", "Plataforma en producción; se capacitó al personal."],
    "proyectos": ["Solución implementada y entregada con su acta.", "Proyecto concluido; se entregó documentación."],
}
NOTAS_CANCELACION = ["Solicitud duplicada.", "El solicitante ya no lo requiere.",
                     "Se resolvió por su cuenta antes de la visita.", "No corresponde a esta dirección."]
COMENTARIOS_ESPERA = {
    TipoEspera.SOLICITANTE: ["Se pidió al área la información pendiente.",
                             "Esperamos que el usuario esté en su oficina."],
    TipoEspera.PROVEEDOR: ["Se solicitó la refacción al proveedor.", "En espera de garantía con el fabricante."],
}
COMENTARIOS_PUBLICOS = ["Su solicitud ya fue asignada a un técnico.", "El técnico acudirá hoy a su oficina.",
                        "Se revisó el equipo; seguimos trabajando en ello."]
QUEJAS = {
    Compromiso.INICIAL: ["Nadie me contestó ni vino a revisar en todo el día.",
                         "Llamé dos veces y no se asignó a nadie."],
    Compromiso.RESOLUCION: ["Llevamos días sin poder trabajar con el equipo.",
                            "El plazo que se nos dio ya pasó y sigue sin resolverse."],
}
RESPUESTAS = ["Se ofrece una disculpa; se reforzó la guardia telefónica de la mesa de ayuda.",
              "Se atendió de inmediato y se revisó la carga de trabajo del área.",
              "Se habló con el técnico responsable; se dará seguimiento personal."]
ENCUESTA_COMENTARIOS = {5: ["Muy rápido, gracias.", "Excelente atención."], 4: ["Bien, aunque tardó un poco."],
                        3: ["Regular."], 2: ["Tardaron mucho."], 1: ["No quedó resuelto del todo."]}
# Fases del proyecto: umbral de avance del plazo en que se entra a cada una, avance al entrar.
FASES = [(0.0, Fase.PLANIFICACION, 0), (0.15, Fase.DISENO, 15), (0.35, Fase.PROGRAMACION, 35),
         (0.75, Fase.IMPLEMENTACION, 75)]
HITOS = [("Levantamiento de requerimientos", Fase.PLANIFICACION, 0.10),
         ("Aprobación del diseño", Fase.DISENO, 0.30), ("Versión de prueba", Fase.PROGRAMACION, 0.65),
         ("Puesta en producción", Fase.IMPLEMENTACION, 0.95), ("Capacitación a usuarios", Fase.IMPLEMENTACION, 1.0)]


# Estado final forzado → días atrás en que se recibe (que la bitácora quepa antes de «ahora»).
FORZADOS = {
    Estado.NUEVA: (1, 2), Estado.ASIGNADA: (1, 2), Estado.EN_PROCESO: (1, 3), Estado.EN_ESPERA: (20, 60),
    Estado.RESUELTA: (20, 30), Estado.REABIERTA: (30, 60), Estado.CANCELADA: (5, 200), Estado.CERRADA: (30, 200),
}


@dataclass
class _Evento:
    en: dt.datetime
    nuevo: str
    actor: str  # usuario de USUARIOS
    nota: str = ""
    tipo_espera: str = ""


@dataclass
class _Plan:
    servicio: str
    recibida: dt.datetime
    solicitante: dict
    canal: str
    asunto: str
    descripcion: str
    urgencia: str
    impacto: str
    cantidad: int = 1
    fecha_compromiso: dt.date | None = None
    tecnico: str = ""
    equipos: list = field(default_factory=list)
    eventos: list = field(default_factory=list)
    resolucion: str = ""
    trabajo_min: int = 0
    objetivo: str = ""  # estado final forzado (para que toda muestra tenga todos los estados)


def _pesado(rng, pesos):
    opciones = list(pesos)
    return rng.choices(opciones, weights=[pesos[o] for o in opciones])[0]


class _Planeador:
    def __init__(self, semilla, empleados, equipos_por_empleado, calendario, ahora):
        self.rng = random.Random(semilla)
        self.empleados = empleados
        self.rh = [e for e in empleados if "recursos humanos" in e["dependencia__nombre"].lower()] or empleados
        self.equipos = equipos_por_empleado
        self.cal = calendario
        self.ahora = ahora

    def mas(self, momento, minutos):
        return self.cal.sumar_minutos_habiles(momento, max(1, int(minutos)))

    def _recibida(self, dias=(1, 365)):
        """Un momento en horario de oficina de un día hábil entre ``dias`` días atrás (nunca hoy)."""
        hoy = timezone.localdate(self.ahora)
        for _ in range(20):  # uniforme entre los días hábiles; acotado por si el rango no tiene ninguno
            dia = hoy - dt.timedelta(days=self.rng.randint(*dias))
            if self.cal.es_dia_habil(dia):
                break
        else:
            dia = self.cal.dia_habil_anterior(hoy - dt.timedelta(days=dias[0]))
        inicio, fin = self.cal.horario_del_dia(dia)
        minutos = max(int((fin - inicio).total_seconds() // 60) - 10, 1)
        return inicio + dt.timedelta(minutes=self.rng.randint(0, minutos - 1))

    def planear(self, n):
        # Las primeras cubren cada servicio y cada estado final, aun en una muestra pequeña.
        claves = list(PESO_SERVICIOS)
        forzados = list(FORZADOS.items())
        planes = []
        for i in range(n):
            if i < len(claves):
                planes.append(self._solicitud(claves[i]))
            elif i < len(claves) + len(forzados):
                planes.append(self._solicitud("soporte-tecnico", *forzados[i - len(claves)]))
            else:
                planes.append(self._solicitud(_pesado(self.rng, PESO_SERVICIOS)))
        planes.sort(key=lambda p: p.recibida)
        return planes

    def _solicitud(self, clave, objetivo="", dias=(1, 365)):
        rng = self.rng
        solicitante = rng.choice(self.rh if clave == "impresion-credenciales" else self.empleados)
        asunto, descripcion = rng.choice(ASUNTOS[clave])
        plan = _Plan(
            servicio=clave, recibida=self._recibida(dias), solicitante=solicitante, objetivo=objetivo,
            canal=_pesado(rng, PESO_CANALES[clave]), asunto=asunto, descripcion=descripcion,
            urgencia=_pesado(rng, {Nivel.ALTA: 20, Nivel.MEDIA: 55, Nivel.BAJA: 25}),
            impacto=_pesado(rng, {Nivel.ALTA: 15, Nivel.MEDIA: 50, Nivel.BAJA: 35}),
            tecnico=_pesado(rng, PESO_TECNICOS),
        )
        if clave == "impresion-credenciales":
            plan.cantidad = rng.randint(3, 40)
            plan.descripcion += f" Son {plan.cantidad} credenciales."
        if clave in ("plataformas-web", "proyectos"):
            dias = rng.randint(14, 92) if clave == "plataformas-web" else rng.randint(30, 240)
            plan.fecha_compromiso = timezone.localdate(plan.recibida) + dt.timedelta(days=dias)
        suyos = self.equipos.get(solicitante["pk"], [])
        if suyos and clave in ("soporte-tecnico", "mantenimiento-preventivo"):
            plan.equipos = rng.sample(suyos, min(len(suyos), 1 if clave == "soporte-tecnico" else rng.randint(1, 3)))
        plan.resolucion = rng.choice(RESOLUCIONES[clave])
        self._trayectoria(plan)
        return plan

    def _trayectoria(self, plan):
        """Bitácora completa (nueva → … → cerrada) y luego se corta en «ahora»."""
        rng, clave = self.rng, plan.servicio
        eventos = [_Evento(plan.recibida, Estado.NUEVA, "mesa")]
        t = plan.recibida

        def paso(minutos, nuevo, actor, **extra):
            nonlocal t
            t = self.mas(t, minutos)
            eventos.append(_Evento(t, nuevo, actor, **extra))

        tecnico = plan.tecnico
        objetivo = plan.objetivo

        def sucede(probabilidad, estado):
            """Al azar, salvo en las solicitudes con estado final forzado."""
            return objetivo == estado if objetivo else rng.random() < probabilidad

        if sucede(0.03, Estado.CANCELADA):  # cancelada antes de asignar
            paso(rng.randint(10, 120), Estado.CANCELADA, "mesa", nota=rng.choice(NOTAS_CANCELACION))
            plan.eventos = self._cortar(eventos)
            return
        # Las recientes pueden seguir sin asignar o sin empezar.
        reciente = plan.recibida > self.ahora - dt.timedelta(days=4)
        pendiente = rng.random() if reciente else 1.0
        if objetivo:
            pendiente = {Estado.NUEVA: 0.0, Estado.ASIGNADA: 0.3}.get(objetivo, 1.0)
        if pendiente < 0.25:
            plan.eventos = eventos
            return
        rapido = clave in ("impresion-credenciales", "asesorias")
        tarde = rng.random() < 0.10
        asignacion = rng.randint(1, 3) if rapido else (rng.randint(35, 240) if tarde else rng.randint(2, 25))
        paso(asignacion, Estado.ASIGNADA, "mesa", nota=f"Asignada a {self._nombre(tecnico)}")
        if pendiente < 0.5:
            plan.eventos = self._cortar(eventos)
            return
        if clave == "asesorias":  # el primer compromiso es la primera atención (en proceso)
            atencion = rng.randint(35, 200) if rng.random() < 0.10 else rng.randint(3, 22)
        else:
            atencion = rng.randint(1, 2) if rapido else rng.randint(5, 90)
        paso(atencion, Estado.EN_PROCESO, tecnico)
        if objetivo == Estado.EN_PROCESO:
            plan.eventos = self._cortar(eventos)
            return
        if sucede(0.02, None):  # cancelada ya en proceso
            paso(rng.randint(30, 600), Estado.CANCELADA, tecnico, nota=rng.choice(NOTAS_CANCELACION))
            plan.eventos = self._cortar(eventos)
            return
        prob_espera = {"soporte-tecnico": 0.18, "mantenimiento-preventivo": 0.10, "impresion-credenciales": 0.08,
                       "asesorias": 0.02, "plataformas-web": 0.30, "proyectos": 0.30}[clave]
        espera = None
        if sucede(prob_espera, Estado.EN_ESPERA):
            espera = TipoEspera.PROVEEDOR if clave in ("soporte-tecnico", "proyectos") and rng.random() < 0.5 \
                else TipoEspera.SOLICITANTE
        trabajo = self._trabajo(plan)
        plan.trabajo_min = trabajo
        if clave in ("plataformas-web", "proyectos"):
            fin = self._fin_de_proyecto(plan)
            mitad = plan.recibida + (fin - plan.recibida) / 2
            if espera and mitad > t:
                t = mitad
                paso(1, Estado.EN_ESPERA, tecnico, tipo_espera=espera)
                paso(rng.randint(360, 3600), Estado.EN_PROCESO, tecnico)
            if fin > t:
                t = fin
            paso(1, Estado.RESUELTA, tecnico)
        else:
            if espera:
                antes = rng.randint(0, trabajo // 2)
                paso(max(antes, 5), Estado.EN_ESPERA, tecnico, tipo_espera=espera)
                if sucede(0.04, Estado.EN_ESPERA):  # atorada: sigue en espera
                    plan.eventos = self._cortar(eventos)
                    return
                pausa = rng.randint(360, 3600) if espera == TipoEspera.PROVEEDOR else rng.randint(60, 1800)
                paso(pausa, Estado.EN_PROCESO, tecnico)
                trabajo -= antes
            paso(trabajo, Estado.RESUELTA, tecnico)
        if sucede(0.04, Estado.REABIERTA):
            paso(rng.randint(60, 1440), Estado.REABIERTA, "mesa", nota="El problema volvió a presentarse.")
            if objetivo != Estado.REABIERTA and rng.random() < 0.8:
                paso(rng.randint(10, 60), Estado.EN_PROCESO, tecnico)
                paso(rng.randint(30, 300), Estado.RESUELTA, tecnico)
        if eventos[-1].nuevo == Estado.RESUELTA and objetivo != Estado.RESUELTA and rng.random() < 0.97:
            paso(rng.randint(180, 1800), Estado.CERRADA, "mesa", nota="El solicitante confirmó la solución.")
        plan.eventos = self._cortar(eventos)

    def _trabajo(self, plan):
        rng, clave = self.rng, plan.servicio
        if clave == "soporte-tecnico":
            return rng.randint(760, 2200) if rng.random() < 0.12 else rng.randint(20, 560)
        if clave == "impresion-credenciales":
            por_unidad = rng.uniform(4.5, 12) if rng.random() < 0.10 else rng.uniform(2.6, 3.8)
            return round(plan.cantidad * por_unidad)
        if clave == "mantenimiento-preventivo":
            return rng.randint(60, 900)
        if clave == "asesorias":
            return rng.choice([30, 45, 60, 60, 90, 120, 180])
        return 0

    def _fin_de_proyecto(self, plan):
        rng = self.rng
        plazo = (plan.fecha_compromiso - timezone.localdate(plan.recibida)).days
        if rng.random() < 0.2:
            dia = self.cal.dia_habil_siguiente(plan.fecha_compromiso + dt.timedelta(days=rng.randint(1, 25)))
        else:
            dia = self.cal.dia_habil_anterior(plan.fecha_compromiso - dt.timedelta(days=rng.randint(0, plazo // 3)))
        return dt.datetime.combine(dia, dt.time(10), tzinfo=self.cal.zona) + dt.timedelta(minutes=rng.randint(0, 240))

    def _cortar(self, eventos):
        return [e for e in eventos if e.en <= self.ahora]

    @staticmethod
    def _nombre(usuario):
        for nombre_usuario, nombre, apellidos, _ in USUARIOS:
            if nombre_usuario == usuario:
                return f"{nombre} {apellidos}"
        return usuario


def _ya_cargado():
    return Solicitud.history.filter(history_change_reason=MOTIVO).exists()


def _usuarios(creados):
    User = get_user_model()
    grupos = {g.name: g for g in Group.objects.filter(name__in={u[3] for u in USUARIOS})}
    existentes = {u.username: u for u in User.objects.filter(username__in=[u[0] for u in USUARIOS])}
    usuarios = {}
    for nombre_usuario, nombre, apellidos, grupo in USUARIOS:
        usuario = existentes.get(nombre_usuario)
        if usuario is None:
            usuario = User(username=nombre_usuario, first_name=nombre, last_name=apellidos,
                           email=f"{nombre_usuario}@ocotlan.gob.mx")
            usuario.set_unusable_password()
            usuario.save()
            if grupo in grupos:
                usuario.groups.add(grupos[grupo])
            creados["Usuarios de demostración"] += 1
        usuarios[nombre_usuario] = usuario
    return usuarios


def _reservar_folios(prefijo, anio, n):
    """Reserva ``n`` folios consecutivos del contador del año (bloqueado hasta el commit)."""
    ContadorFolio.objects.get_or_create(prefijo=prefijo, anio=anio)
    contador = ContadorFolio.objects.select_for_update().get(prefijo=prefijo, anio=anio)
    inicio = contador.ultimo
    contador.ultimo = inicio + n
    contador.save(update_fields=["ultimo"])
    return [f"{prefijo}-{anio}-{k:06d}" for k in range(inicio + 1, inicio + n + 1)]


def _folios(prefijo, momentos):
    """Folios en orden cronológico; ``momentos`` ya viene ordenado."""
    por_anio = defaultdict(int)
    for momento in momentos:
        por_anio[timezone.localdate(momento).year] += 1
    reservados = {anio: iter(_reservar_folios(prefijo, anio, n)) for anio, n in sorted(por_anio.items())}
    return [next(reservados[timezone.localdate(m).year]) for m in momentos]


def _historial_solicitudes(solicitudes, planes, usuarios):
    """Una entrada «+» por solicitud, en su recepción, con el motivo que marca los datos de demostración.

    Los cambios de estado ya están en la bitácora (CambioEstado); una segunda entrada solo repetiría en la línea
    de tiempo, con la fecha del último evento, cambios que ocurrieron antes (p. ej. la asignación).
    """
    Historico = Solicitud.history.model
    campos = [f.attname for f in Historico.tracked_fields]
    filas = [
        Historico(**{c: getattr(solicitud, c) for c in campos}, history_date=plan.recibida, history_type="+",
                  history_user=usuarios["mesa"], history_change_reason=MOTIVO)
        for solicitud, plan in zip(solicitudes, planes, strict=True)
    ]
    Historico.objects.bulk_create(filas, batch_size=LOTE)


def _estado_final(solicitud, plan, servicio, usuarios, calendario, ahora):
    eventos = plan.eventos
    ultimo = eventos[-1]
    solicitud.estado = ultimo.nuevo
    solicitud.tipo_espera = ultimo.tipo_espera if ultimo.nuevo == Estado.EN_ESPERA else ""
    if any(e.nuevo == Estado.ASIGNADA for e in eventos):
        solicitud.tecnico = usuarios[plan.tecnico]
    fin_inicial = sla._FIN_INICIAL[servicio.reloj_inicial]
    solicitud.atendida_en = next((e.en for e in eventos if e.nuevo in fin_inicial), None)
    resueltas = [e.en for e in eventos if e.nuevo == Estado.RESUELTA]
    if resueltas:
        solicitud.resolucion = plan.resolucion
    if solicitud.estado in (Estado.RESUELTA, Estado.CERRADA):
        solicitud.resuelta_en = resueltas[-1]
    if solicitud.estado == Estado.CERRADA:
        solicitud.cerrada_en = ultimo.en
    bitacora = [(e.en, e.nuevo) for e in eventos]
    incumplidos = []
    for reloj in sla.relojes(solicitud, bitacora, calendario, ahora):
        if reloj.compromiso == Compromiso.INICIAL:
            solicitud.vence_inicial = reloj.vence
        else:
            solicitud.vence_resolucion = reloj.vence
        if reloj.incumplido:
            incumplidos.append(reloj)
    return incumplidos


@demo_comun.registrar("Mesa de servicio", orden=20)
def generar(semilla=2026, solicitudes=None, stdout=None, ahora=None):
    """Crea un año de solicitudes de demostración y devuelve {etiqueta: filas nuevas}.

    ``solicitudes``: cuántas; por omisión 5 por empleado activo, hasta ``SOLICITUDES`` (1,500 con el municipio
    de demostración de 300 empleados).

    ``ahora``: el momento de referencia (por omisión timezone.now()); todas las fechas quedan antes de él.
    """
    creados = dict.fromkeys(
        ["Usuarios de demostración", "Solicitudes", "Cambios de estado", "Incumplimientos", "Comentarios",
         "Encuestas", "Encuestas contestadas", "Quejas", "Asesorías", "Proyectos", "Hitos"], 0)
    if solicitudes is not None and solicitudes <= 0 or _ya_cargado():
        return creados
    empleados = list(Empleado.objects.filter(activo=True).order_by("numero_empleado")
                     .values("pk", "nombre", "apellidos", "dependencia_id", "dependencia__nombre"))
    if solicitudes is None:
        solicitudes = min(SOLICITUDES, 5 * len(empleados))
    servicios = {s.clave: s for s in Servicio.objects.filter(clave__in=PESO_SERVICIOS)}
    if not empleados or len(servicios) < len(PESO_SERVICIOS):
        return creados
    equipos = defaultdict(list)
    for equipo_id, resguardante_id in (Equipo.objects.filter(resguardante__isnull=False).exclude(estado="baja")
                                       .order_by("numero_inventario").values_list("pk", "resguardante_id")):
        equipos[resguardante_id].append(equipo_id)
    calendario = Calendario.cargar()
    ahora = ahora or timezone.now()

    def avisar(texto):
        if stdout is not None:
            stdout.write(texto + "\n")

    avisar("Planeando solicitudes de la mesa de servicio…")
    planeador = _Planeador(semilla, empleados, equipos, calendario, ahora)
    planes = planeador.planear(solicitudes)
    rng = planeador.rng
    with transaction.atomic():
        usuarios = _usuarios(creados)
        objetos, incumplimientos = [], []
        for plan, folio in zip(planes, _folios(services.PREFIJO_SOLICITUD, [p.recibida for p in planes]),
                               strict=True):
            servicio = servicios[plan.servicio]
            inicial, resolucion = services.metas(servicio, plan.recibida, plan.cantidad, plan.fecha_compromiso,
                                                 calendario)
            solicitud = Solicitud(
                folio=folio, servicio=servicio, canal=plan.canal, solicitante_id=plan.solicitante["pk"],
                dependencia_id=plan.solicitante["dependencia_id"], asunto=plan.asunto, descripcion=plan.descripcion,
                urgencia=plan.urgencia, impacto=plan.impacto, prioridad=prioridad_de(plan.urgencia, plan.impacto),
                cantidad=plan.cantidad, fecha_compromiso=plan.fecha_compromiso, recibida=plan.recibida,
                registrada_por=usuarios["mesa"], meta_inicial_min=inicial, meta_resolucion_min=resolucion,
            )
            incumplimientos.append(_estado_final(solicitud, plan, servicio, usuarios, calendario, ahora))
            objetos.append(solicitud)
        avisar(f"Guardando {len(objetos)} solicitudes…")
        Solicitud.objects.bulk_create(objetos, batch_size=LOTE)
        creados["Solicitudes"] = len(objetos)
        _historial_solicitudes(objetos, planes, usuarios)
        Relacion = Solicitud.equipos.through
        Relacion.objects.bulk_create(
            [Relacion(solicitud_id=s.pk, equipo_id=e) for s, p in zip(objetos, planes, strict=True) for e in p.equipos],
            batch_size=LOTE,
        )
        _guardar_bitacora(objetos, planes, usuarios, creados)
        registros = [
            Incumplimiento(solicitud=s, compromiso=r.compromiso, meta_min=r.meta_min, vencio_en=r.vencio_en,
                           detectado_en=min(r.vencio_en + dt.timedelta(minutes=15), ahora))
            for s, relojes in zip(objetos, incumplimientos, strict=True) for r in relojes
        ]
        Incumplimiento.objects.bulk_create(registros, batch_size=LOTE)
        creados["Incumplimientos"] = len(registros)
        _guardar_comentarios(rng, objetos, planes, usuarios, creados)
        _guardar_encuestas(rng, objetos, planes, usuarios, ahora, registros, creados)
        _guardar_quejas(rng, registros, planes, objetos, usuarios, calendario, ahora, creados)
        _guardar_asesorias(rng, objetos, planes, creados)
        _guardar_proyectos(rng, objetos, planes, usuarios, calendario, ahora, creados)
    return creados


def _guardar_bitacora(objetos, planes, usuarios, creados):
    cambios = []
    for solicitud, plan in zip(objetos, planes, strict=True):
        anterior = ""
        for evento in plan.eventos:
            cambios.append(CambioEstado(solicitud=solicitud, anterior=anterior, nuevo=evento.nuevo, en=evento.en,
                                        usuario=usuarios[evento.actor], nota=evento.nota))
            anterior = evento.nuevo
    CambioEstado.objects.bulk_create(cambios, batch_size=LOTE)
    creados["Cambios de estado"] = len(cambios)


def _guardar_comentarios(rng, objetos, planes, usuarios, creados):
    comentarios = []
    for solicitud, plan in zip(objetos, planes, strict=True):
        for anterior, evento in zip(plan.eventos, plan.eventos[1:], strict=False):
            if evento.nuevo == Estado.EN_ESPERA:
                comentarios.append(Comentario(solicitud=solicitud, autor=usuarios[evento.actor], publico=False,
                                              texto=rng.choice(COMENTARIOS_ESPERA[evento.tipo_espera]),
                                              creado=evento.en))
            elif evento.nuevo == Estado.EN_PROCESO and anterior.nuevo == Estado.ASIGNADA and rng.random() < 0.25:
                comentarios.append(Comentario(solicitud=solicitud, autor=usuarios["mesa"], publico=True,
                                              texto=rng.choice(COMENTARIOS_PUBLICOS), creado=evento.en))
    Comentario.objects.bulk_create(comentarios, batch_size=LOTE)
    creados["Comentarios"] = len(comentarios)


def _guardar_encuestas(rng, objetos, planes, usuarios, ahora, incumplimientos, creados):
    con_incumplimiento = {i.solicitud_id for i in incumplimientos}
    encuestas = []
    for solicitud, plan in zip(objetos, planes, strict=True):
        resuelta = next((e.en for e in plan.eventos if e.nuevo == Estado.RESUELTA), None)
        if resuelta is None:
            continue
        encuesta = Encuesta(solicitud=solicitud, creada=resuelta)
        respondida = resuelta + dt.timedelta(minutes=rng.randint(20, 2880))
        if rng.random() < 0.6 and respondida <= ahora:
            pesos = {5: 30, 4: 35, 3: 18, 2: 10, 1: 7} if solicitud.pk in con_incumplimiento else \
                {5: 58, 4: 28, 3: 8, 2: 4, 1: 2}
            calificacion = _pesado(rng, pesos)
            encuesta.calificacion = calificacion
            encuesta.comentario = rng.choice(ENCUESTA_COMENTARIOS[calificacion]) if rng.random() < 0.4 else ""
            encuesta.medio = Encuesta.Medio.ENLACE if rng.random() < 0.6 else Encuesta.Medio.TELEFONO
            encuesta.registrada_por = usuarios["mesa"] if encuesta.medio == Encuesta.Medio.TELEFONO else None
            encuesta.respondida_en = respondida
            creados["Encuestas contestadas"] += 1
        encuestas.append(encuesta)
    Encuesta.objects.bulk_create(encuestas, batch_size=LOTE)
    creados["Encuestas"] = len(encuestas)


def _guardar_quejas(rng, incumplimientos, planes, objetos, usuarios, calendario, ahora, creados):
    meta = max(2, round(20 * len(objetos) / 1500))
    plan_de = {s.pk: p for s, p in zip(objetos, planes, strict=True)}
    candidatos = [i for i in incumplimientos if i.vencio_en + dt.timedelta(days=2) < ahora]
    elegidos = rng.sample(candidatos, min(meta, len(candidatos)))
    quejas = []
    for incumplimiento in elegidos:
        plan = plan_de[incumplimiento.solicitud_id]
        creada = calendario.sumar_minutos_habiles(incumplimiento.vencio_en, rng.randint(30, 1500))
        if creada > ahora:
            continue
        canal = CanalQueja.MESA if rng.random() < 0.7 else CanalQueja.PUBLICO
        queja = Queja(
            solicitud=incumplimiento.solicitud, compromiso=incumplimiento.compromiso, incumplimiento=incumplimiento,
            descripcion=rng.choice(QUEJAS[incumplimiento.compromiso]), canal=canal, creada=creada,
            presentada_por=f"{plan.solicitante['nombre']} {plan.solicitante['apellidos']}".strip(),
            registrada_por=usuarios["mesa"] if canal == CanalQueja.MESA else None,
        )
        respondida = calendario.sumar_minutos_habiles(creada, rng.randint(360, 1800))
        if rng.random() < 0.65 and respondida <= ahora:
            queja.estado = EstadoQueja.CERRADA
            queja.respuesta = rng.choice(RESPUESTAS)
            queja.respondida_por = usuarios["director"]
            queja.respondida_en = respondida
        quejas.append(queja)
    quejas.sort(key=lambda q: q.creada)
    for queja, folio in zip(quejas, _folios(services.PREFIJO_QUEJA, [q.creada for q in quejas]), strict=True):
        queja.folio = folio
    Queja.objects.bulk_create(quejas)
    creados["Quejas"] = len(quejas)


def _guardar_asesorias(rng, objetos, planes, creados):
    asesorias = []
    for solicitud, plan in zip(objetos, planes, strict=True):
        if plan.servicio != "asesorias" or solicitud.atendida_en is None or solicitud.estado == Estado.CANCELADA:
            continue
        tema = next(d for a, d in ASUNTOS["asesorias"] if a == plan.asunto)
        asesorias.append(Asesoria(solicitud=solicitud, tema=tema, fecha=solicitud.atendida_en,
                                  duracion_minutos=plan.trabajo_min or None,
                                  asistentes=rng.choice([1, 1, 1, 2, 3, 5, 8, 12, 20])))
    Asesoria.objects.bulk_create(asesorias, batch_size=LOTE)
    creados["Asesorías"] = len(asesorias)


def _guardar_proyectos(rng, objetos, planes, usuarios, calendario, ahora, creados):
    hoy = timezone.localdate(ahora)
    proyectos, hitos, historia = [], [], []
    for solicitud, plan in zip(objetos, planes, strict=True):
        if plan.servicio not in ("plataformas-web", "proyectos"):
            continue
        inicio = plan.recibida
        plazo = dt.datetime.combine(plan.fecha_compromiso, dt.time(15), tzinfo=inicio.tzinfo) - inicio
        referencia = solicitud.resuelta_en or ahora
        avance_plazo = (referencia - inicio) / plazo if plazo.total_seconds() > 0 else 1.0
        pasos = [(inicio, Fase.PLANIFICACION, 0)]
        if solicitud.estado != Estado.CANCELADA:
            for umbral, fase, avance in FASES[1:]:
                momento = calendario.inicio_efectivo(inicio + plazo * umbral)
                if avance_plazo >= umbral and momento <= min(ahora, referencia):
                    pasos.append((momento, fase, avance))
        if solicitud.resuelta_en:
            fase_final = Fase.MANTENIMIENTO if plan.servicio == "plataformas-web" and rng.random() < 0.5 \
                else Fase.IMPLEMENTACION
            pasos.append((solicitud.resuelta_en, fase_final, 100))
        elif solicitud.estado != Estado.CANCELADA:
            avance = min(95, int(avance_plazo * 90) // 5 * 5)
            momento = calendario.sumar_minutos_habiles(pasos[-1][0], rng.randint(360, 1800))
            if avance > pasos[-1][2] and momento <= ahora:
                pasos.append((momento, pasos[-1][1], avance))
        momento, fase, avance = pasos[-1]
        proyecto = Proyecto(solicitud=solicitud, fase=fase, avance=avance, responsable=solicitud.tecnico)
        proyectos.append((proyecto, pasos))
        for nombre, fase_hito, fraccion in HITOS:
            objetivo = calendario.dia_habil_anterior(timezone.localdate(inicio + plazo * fraccion))
            cumplido = None
            if solicitud.estado != Estado.CANCELADA and (avance_plazo >= fraccion or solicitud.resuelta_en):
                cumplido = calendario.dia_habil_anterior(
                    min(objetivo + dt.timedelta(days=rng.randint(-3, 6)), timezone.localdate(referencia), hoy))
            hitos.append(Hito(proyecto=proyecto, nombre=nombre, fase=fase_hito, fecha_objetivo=objetivo,
                              cumplido_en=cumplido))
    Proyecto.objects.bulk_create([p for p, _ in proyectos], batch_size=LOTE)
    Hito.objects.bulk_create(hitos, batch_size=LOTE)
    Historico = Proyecto.history.model
    for proyecto, pasos in proyectos:
        for indice, (momento, fase, avance) in enumerate(pasos):
            if indice == 0:
                motivo = "Proyecto creado con la solicitud"
            elif fase != pasos[indice - 1][1]:
                motivo = f"Inicia la fase de {Fase(fase).label.lower()}"
            else:
                motivo = "Actualización del avance"
            historia.append(Historico(
                id=proyecto.pk, solicitud_id=proyecto.solicitud_id, fase=fase, avance=avance,
                responsable_id=proyecto.responsable_id if indice else None, history_date=momento,
                history_type="+" if indice == 0 else "~", history_change_reason=motivo,
                history_user=proyecto.responsable if indice else usuarios["mesa"],
            ))
    Historico.objects.bulk_create(historia, batch_size=LOTE)
    creados["Proyectos"] = len(proyectos)
    creados["Hitos"] = len(hitos)
