/* Gráficas de los reportes con Chart.js (servido localmente). Sin JavaScript en línea: cada <canvas
   data-grafica="tipo" data-datos="id"> toma sus datos de un <script type="application/json" id="id"> que escribe
   el filtro json_script de Django. La tabla junto a cada gráfica tiene las mismas cifras (teléfono y lectores de
   pantalla); una barra o un punto con enlace lleva a la lista que hay detrás. */
(function () {
  "use strict";
  if (typeof window.Chart === "undefined") { return; }
  var AZUL = "#0d6efd", VERDE = "#198754", GUINDA = "#7a1f3d";
  var MES = new Intl.DateTimeFormat("es-MX", { month: "short", year: "numeric", timeZone: "UTC" });
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;

  function leer(canvas) {
    var nodo = document.getElementById(canvas.dataset.datos || "");
    return nodo ? JSON.parse(nodo.textContent) : null;
  }

  function porcentaje(etiqueta) {
    return {
      type: "line", label: etiqueta, yAxisID: "pct", borderColor: GUINDA, backgroundColor: GUINDA,
      tension: 0.2, spanGaps: true, pointRadius: 3, order: 0
    };
  }

  function ejes() {
    return {
      y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: "Solicitudes" } },
      pct: { position: "right", min: 0, max: 100, grid: { drawOnChartArea: false },
             title: { display: true, text: "% cumplido" } }
    };
  }

  function alPulsar(enlaces) {
    return function (evento, elementos) {
      if (elementos.length && enlaces[elementos[0].index]) { window.location.href = enlaces[elementos[0].index]; }
    };
  }

  function enlaceMes(mes) {
    // El tablero de ese mes, con los mismos filtros (dependencia).
    var d = new Date(mes + "T00:00:00Z");
    var fin = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0));
    var url = new URL(window.location.href);
    url.searchParams.set("desde", mes);
    url.searchParams.set("hasta", fin.toISOString().slice(0, 10));
    return url.pathname + url.search;
  }

  var TIPOS = {
    tendencia: function (datos) {
      var enlaces = datos.map(function (m) { return enlaceMes(m.mes); });
      return {
        enlaces: enlaces,
        config: {
          type: "bar",
          data: {
            labels: datos.map(function (m) { return MES.format(new Date(m.mes + "T00:00:00Z")); }),
            datasets: [
              Object.assign(porcentaje("Compromisos cumplidos (%)"), { data: datos.map(function (m) { return m.cumplimiento_pct; }) }),
              { label: "Recibidas", data: datos.map(function (m) { return m.recibidas; }), backgroundColor: AZUL, order: 1 },
              { label: "Resueltas", data: datos.map(function (m) { return m.resueltas; }), backgroundColor: VERDE, order: 1 }
            ]
          },
          options: { scales: ejes(), onClick: alPulsar(enlaces) }
        }
      };
    },
    dependencias: function (datos) {
      var filas = datos.filter(function (d) { return d.por_100 !== null; });
      var enlaces = filas.map(function (d) { return d.enlace; });
      return {
        enlaces: enlaces,
        alto: Math.max(240, 26 * filas.length + 70),
        config: {
          type: "bar",
          data: {
            labels: filas.map(function (d) { return d.nombre; }),
            datasets: [{ label: "Solicitudes por 100 equipos", data: filas.map(function (d) { return d.por_100; }),
                         backgroundColor: AZUL }]
          },
          options: { indexAxis: "y", scales: { x: { beginAtZero: true } }, plugins: { legend: { display: false } },
                     onClick: alPulsar(enlaces) }
        }
      };
    },
    servicio: function (datos) {
      return {
        enlaces: [],
        config: {
          type: "bar",
          data: {
            labels: datos.meses,
            datasets: [
              Object.assign(porcentaje("Compromisos cumplidos (%)"), { data: datos.cumplimiento }),
              { label: "Recibidas", data: datos.recibidas, backgroundColor: AZUL, order: 1 },
              { label: "Atendidas", data: datos.atendidas, backgroundColor: VERDE, order: 1 }
            ]
          },
          options: { scales: ejes() }
        }
      };
    }
  };

  document.querySelectorAll("canvas[data-grafica]").forEach(function (canvas) {
    var fabrica = TIPOS[canvas.dataset.grafica], datos = leer(canvas);
    if (!fabrica || !datos) { return; }
    var grafica = fabrica(datos);
    if (grafica.alto) { canvas.parentElement.style.height = grafica.alto + "px"; }
    if (grafica.enlaces.some(Boolean)) { canvas.classList.add("con-enlaces"); }
    canvas.chart = new Chart(canvas, grafica.config);
  });
})();
