-- Mezcla de carga para wrk (bench/carga.py): 45 % lista de equipos, 45 % cola de solicitudes, 10 % alta de
-- solicitud (POST con sesión y token CSRF). Argumentos (después de «--»): cookie, token CSRF, cuerpo del POST y
-- modo: «mezcla», o «base» (solo GET /entrar/, sin sesión ni consultas: la base de comparación).
-- done() imprime líneas «SIGMA key=valor» que carga.py lee: códigos por clase y latencias.

local hilos = {}

function setup(hilo)
  table.insert(hilos, hilo)
end

function init(args)
  cookie, token, cuerpo, modo = args[1], args[2], args[3], args[4]
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
  c2, c3, c4, c5, otros, posts = 0, 0, 0, 0, 0, 0
  encabezados = { ["Cookie"] = cookie }
  encabezados_post = {
    ["Cookie"] = cookie, ["X-CSRFToken"] = token,
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }
end

function request()
  if modo == "base" then
    return wrk.format("GET", "/entrar/")
  end
  local r = math.random(100)
  if r <= 45 then
    return wrk.format("GET", "/inventario/", encabezados)
  elseif r <= 90 then
    return wrk.format("GET", "/soporte/", encabezados)
  end
  posts = posts + 1
  return wrk.format("POST", "/soporte/nueva/", encabezados_post, cuerpo)
end

function response(estado, cabeceras, cuerpo_resp)
  if estado >= 500 then c5 = c5 + 1
  elseif estado >= 400 then c4 = c4 + 1
  elseif estado >= 300 then c3 = c3 + 1
  elseif estado >= 200 then c2 = c2 + 1
  else otros = otros + 1 end
end

function done(resumen, latencia, peticiones)
  local t = { c2 = 0, c3 = 0, c4 = 0, c5 = 0, otros = 0, posts = 0 }
  for _, hilo in ipairs(hilos) do
    for clave, _ in pairs(t) do
      t[clave] = t[clave] + (hilo:get(clave) or 0)
    end
  end
  io.write(string.format("SIGMA peticiones=%d\n", resumen.requests))
  io.write(string.format("SIGMA duracion_us=%d\n", resumen.duration))
  io.write(string.format("SIGMA errores_conexion=%d\n", resumen.errors.connect + resumen.errors.read +
    resumen.errors.write + resumen.errors.timeout))
  io.write(string.format("SIGMA no_2xx_3xx=%d\n", resumen.errors.status))
  for clave, valor in pairs(t) do io.write(string.format("SIGMA %s=%d\n", clave, valor)) end
  for _, p in ipairs({ 50, 95, 99 }) do
    io.write(string.format("SIGMA p%d_us=%d\n", p, latencia:percentile(p)))
  end
  io.write(string.format("SIGMA max_us=%d\n", latencia.max))
end
