(function () {
  // En «Cambiar estado» solo se muestra lo que pide el estado elegido (espera: de quién; resuelta: la resolución).
  const form = document.getElementById("form-estado");
  if (!form) return;
  const estado = form.querySelector("[name=estado]");
  const bloque = nombre => form.querySelector(`[name=${nombre}]`).closest(".mb-3");
  function ajustar() {
    bloque("tipo_espera").hidden = estado.value !== "en_espera";
    bloque("resolucion").hidden = estado.value !== "resuelta";
  }
  estado.addEventListener("change", ajustar);
  ajustar();
})();
