# Writes OUT: a C file holding the web app's files (IN, a comma list) as
# byte arrays with their paths ("/" + file name) and content types, for
# `cnsim serve` (src/serve/cmd_serve.c): the pages are compiled in, so no
# request path ever reaches the file system.
string(REPLACE "," ";" IN "${IN}")
set(arrays "")
set(table "")
set(i 0)
foreach(f ${IN})
  get_filename_component(name ${f} NAME)
  get_filename_component(ext ${f} EXT)
  if(ext STREQUAL ".html")
    set(type "text/html; charset=utf-8")
  elseif(ext STREQUAL ".js")
    set(type "text/javascript; charset=utf-8")
  elseif(ext STREQUAL ".css")
    set(type "text/css; charset=utf-8")
  elseif(ext STREQUAL ".svg")
    set(type "image/svg+xml")
  else()
    set(type "application/octet-stream")
  endif()
  file(READ ${f} hex HEX)
  string(LENGTH "${hex}" hexlen)
  math(EXPR len "${hexlen} / 2")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  string(REGEX REPLACE "((0x[0-9a-f][0-9a-f],){24})" "\\1\n" bytes "${bytes}")
  string(APPEND arrays "static const unsigned char asset_${i}[] = {\n${bytes}0x00};\n")
  string(APPEND table "    {\"/${name}\", \"${type}\", asset_${i}, ${len}},\n")
  math(EXPR i "${i} + 1")
endforeach()
file(WRITE ${OUT} "/* Generated from web/ by cmake/embed_web.cmake. */\n#include <stddef.h>\n"
  "typedef struct web_asset { const char *path, *type; const unsigned char *data; size_t len; } web_asset;\n"
  "${arrays}const web_asset cnsim_web_assets[] = {\n${table}};\n"
  "const size_t cnsim_web_n_assets = sizeof cnsim_web_assets / sizeof cnsim_web_assets[0];\n")
