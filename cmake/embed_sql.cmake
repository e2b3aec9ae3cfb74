# Writes OUT: a C file holding the concatenation of the SQL files in IN as
# one NUL-terminated byte array, so the library can build the registry in
# memory when no cnsim.db file is found.
string(REPLACE "," ";" IN "${IN}")
set(all "")
foreach(f ${IN})
  file(READ ${f} txt HEX)
  string(APPEND all "${txt}")
endforeach()
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${all}")
string(REGEX REPLACE "((0x[0-9a-f][0-9a-f],){24})" "\\1\n" bytes "${bytes}")
file(WRITE ${OUT} "/* Generated from the data/ SQL sources by cmake/embed_sql.cmake. */\n#include <stddef.h>\nconst char cnsim__registry_sql[] = {\n${bytes}0x00};\nconst size_t cnsim__registry_sql_len = sizeof cnsim__registry_sql - 1;\n")
