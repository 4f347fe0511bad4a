(function () {
  const form = document.getElementById("form-solicitud");
  const servicio = document.getElementById("id_servicio");
  function mostrarCampos() {
    const tipo = servicio.selectedOptions[0] ? servicio.selectedOptions[0].dataset.tipo : "";
    form.querySelectorAll(".solo-por_unidad").forEach(el => el.hidden = tipo !== "por_unidad");
    form.querySelectorAll(".solo-rango").forEach(el => el.hidden = tipo !== "rango");
  }
  servicio.addEventListener("change", mostrarCampos);
  mostrarCampos();
  form.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); form.requestSubmit(); }
  });
  // Si la búsqueda deja una sola persona, queda elegida (la lista sigue siendo navegable con el teclado).
  document.body.addEventListener("htmx:afterSwap", function (e) {
    if (e.detail.target.id !== "opciones-solicitante") return;
    const radios = e.detail.target.querySelectorAll("input[type=radio]");
    if (radios.length === 1 && !radios[0].checked) {
      radios[0].checked = true;
      radios[0].dispatchEvent(new Event("change", {bubbles: true}));
    }
  });
})();
