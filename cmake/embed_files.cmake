# cambio_embed_files(<target> <namespace> <files...>)
# Generates a C++ source that holds each file's text, so that a binary needs no data files at run
# time (the JSON schemas of proto-schemas/ are compiled into every service this way).
function(cambio_embed_files target ns)
  set(out ${CMAKE_CURRENT_BINARY_DIR}/${target}_embedded.cpp)
  # A list cannot cross the command line as is: pass it '|'-separated.
  string(REPLACE ";" "|" files "${ARGN}")
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DNS=${ns} -DBASE=${CMAKE_CURRENT_SOURCE_DIR}
            "-DFILES=${files}" -P ${PROJECT_SOURCE_DIR}/cmake/embed_files_run.cmake
    DEPENDS ${ARGN} ${PROJECT_SOURCE_DIR}/cmake/embed_files_run.cmake
    COMMENT "Embedding ${target} files"
    VERBATIM)
  add_library(${target} STATIC ${out})
  target_compile_features(${target} PUBLIC cxx_std_20)
endfunction()
