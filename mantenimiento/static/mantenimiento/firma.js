// Firma de conformidad en un <canvas> (dedo, pluma o ratón). Al terminar se manda como PNG en un campo oculto.
(function () {
  "use strict";
  var lienzo = document.getElementById("firma-lienzo");
  var campo = document.getElementById("id_firma");
  var form = document.getElementById("form-lista");
  if (!lienzo || !campo || !form) { return; }
  var ctx = lienzo.getContext("2d");
  var dibujando = false, trazos = 0, ultimo = null;

  function ajustar() {
    var escala = window.devicePixelRatio || 1;
    var caja = lienzo.getBoundingClientRect();
    lienzo.width = Math.round(caja.width * escala);
    lienzo.height = Math.round(caja.height * escala);
    ctx.setTransform(escala, 0, 0, escala, 0, 0);
    ctx.lineWidth = 2.5;
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    ctx.strokeStyle = "#0b1f4d";
    trazos = 0;
  }
  function punto(e) {
    var caja = lienzo.getBoundingClientRect();
    return { x: e.clientX - caja.left, y: e.clientY - caja.top };
  }
  lienzo.addEventListener("pointerdown", function (e) {
    e.preventDefault();
    dibujando = true;
    ultimo = punto(e);
    if (lienzo.setPointerCapture) { lienzo.setPointerCapture(e.pointerId); }
  });
  lienzo.addEventListener("pointermove", function (e) {
    if (!dibujando) { return; }
    e.preventDefault();
    var p = punto(e);
    ctx.beginPath();
    ctx.moveTo(ultimo.x, ultimo.y);
    ctx.lineTo(p.x, p.y);
    ctx.stroke();
    ultimo = p;
    trazos += 1;
  });
  ["pointerup", "pointercancel", "pointerleave"].forEach(function (tipo) {
    lienzo.addEventListener(tipo, function () { dibujando = false; });
  });
  document.getElementById("firma-borrar").addEventListener("click", function () {
    ctx.clearRect(0, 0, lienzo.width, lienzo.height);
    trazos = 0;
    campo.value = "";
  });
  form.addEventListener("submit", function () {
    campo.value = trazos > 0 ? lienzo.toDataURL("image/png") : "";
  });
  ajustar();
  window.addEventListener("resize", function () { if (trazos === 0) { ajustar(); } });
})();
