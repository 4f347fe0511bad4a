/* Acciones comunes sin JavaScript en línea (la Content-Security-Policy lo prohíbe). Por delegación, así
   también sirven en fragmentos que trae htmx:
   <select data-enviar-al-cambiar>          envía su formulario al cambiar
   <button data-imprimir>                   abre el diálogo de impresión
   <input type="checkbox" data-marcar-todos="input[name=ids]">  marca o desmarca esas casillas
   <input readonly data-seleccionar-al-enfocar>  selecciona su texto al enfocarlo (para copiar) */
(function () {
  if (window.sigmaAcciones) return;
  window.sigmaAcciones = true;
  document.addEventListener("change", function (ev) {
    var el = ev.target;
    if (el.matches("[data-enviar-al-cambiar]") && el.form) {
      el.form.requestSubmit ? el.form.requestSubmit() : el.form.submit();
    } else if (el.matches("[data-marcar-todos]")) {
      document.querySelectorAll(el.dataset.marcarTodos).forEach(function (c) { c.checked = el.checked; });
    }
  });
  document.addEventListener("focusin", function (ev) {
    if (ev.target.matches("input[data-seleccionar-al-enfocar], textarea[data-seleccionar-al-enfocar]")) ev.target.select();
  });
  document.addEventListener("click", function (ev) {
    if (ev.target.closest("[data-imprimir]")) window.print();
  });
})();
