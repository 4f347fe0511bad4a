(function () {
  var lista = document.getElementById("elegidos"), cuenta = document.getElementById("cuenta-elegidos");
  function contar() { cuenta.textContent = lista.querySelectorAll("li").length; }
  document.getElementById("opciones-agregar").addEventListener("change", function (ev) {
    var radio = ev.target;
    if (radio.name !== "agregar" || lista.querySelector('li[data-pk="' + radio.value + '"]')) { radio.checked = false; return; }
    var etiqueta = radio.closest("label"), li = document.createElement("li");
    li.className = "list-group-item d-flex justify-content-between align-items-center";
    li.dataset.pk = radio.value;
    var texto = document.createElement("span");
    texto.textContent = etiqueta.querySelector(".fw-semibold").textContent;
    var oculto = document.createElement("input");
    oculto.type = "hidden"; oculto.name = "empleados"; oculto.value = radio.value;
    var boton = document.createElement("button");
    boton.type = "button"; boton.className = "btn btn-sm btn-outline-danger quitar"; boton.textContent = "✕";
    boton.setAttribute("aria-label", "Quitar");
    li.append(texto, oculto, boton);
    lista.append(li);
    radio.checked = false;
    etiqueta.classList.add("disabled");
    contar();
  });
  lista.addEventListener("click", function (ev) {
    if (ev.target.classList.contains("quitar")) { ev.target.closest("li").remove(); contar(); }
  });
})();
