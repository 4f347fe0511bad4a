/* Recortador mínimo 3:4: el recuadro (x, y, ancho en píxeles de la imagen) viaja en campos ocultos; sin
   JavaScript el servidor recorta al centro. El servidor vuelve a validar todo. */
(function () {
  var form = document.getElementById("form-foto");
  if (!form) return;
  var archivo = form.querySelector('input[type="file"]'), caja = document.getElementById("recortador");
  var img = document.getElementById("recorte-img"), marco = document.getElementById("recorte-marco");
  var zoom = document.getElementById("recorte-zoom");
  var campos = ["recorte_x", "recorte_y", "recorte_ancho"].map(function (n) { return form.elements[n]; });
  var W = 150, H = 200, MIN = 300, base = 1, ox = 0, oy = 0, ancho = 0, alto = 0, arrastre = null;
  function escala() { return base * parseFloat(zoom.value); }
  function pintar() {
    var e = escala();
    ox = Math.min(0, Math.max(W - ancho * e, ox));
    oy = Math.min(0, Math.max(H - alto * e, oy));
    img.style.transform = "translate(" + ox + "px," + oy + "px) scale(" + e + ")";
    campos[0].value = (-ox / e).toFixed(1);
    campos[1].value = (-oy / e).toFixed(1);
    campos[2].value = (W / e).toFixed(1);
  }
  archivo.addEventListener("change", function () {
    campos.forEach(function (c) { c.value = ""; });
    caja.hidden = true;
    if (!archivo.files.length || !/^image\/(jpeg|png)$/.test(archivo.files[0].type)) return;
    img.onload = function () {
      ancho = img.naturalWidth; alto = img.naturalHeight;
      base = Math.max(W / ancho, H / alto);
      zoom.max = Math.max(1, Math.min(3, W / (MIN * base))).toFixed(2);
      zoom.value = 1;
      ox = (W - ancho * base) / 2; oy = (H - alto * base) / 3;
      caja.hidden = false;
      pintar();
    };
    img.src = URL.createObjectURL(archivo.files[0]);
  });
  zoom.addEventListener("input", function () {
    pintar();
  });
  marco.addEventListener("pointerdown", function (ev) {
    ev.preventDefault();
    arrastre = {x: ev.clientX - ox, y: ev.clientY - oy};
    marco.setPointerCapture(ev.pointerId);
  });
  marco.addEventListener("pointermove", function (ev) {
    if (!arrastre) return;
    ox = ev.clientX - arrastre.x; oy = ev.clientY - arrastre.y;
    pintar();
  });
  marco.addEventListener("pointerup", function () { arrastre = null; });
})();
