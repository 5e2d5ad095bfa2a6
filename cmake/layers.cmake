# One static library per layer of src/ (docs/architecture.md has the map and the reasons).
#
#   tpmready_layer(NAME DEPS layer...)
#
# builds src/NAME/**/*.cpp (the platform's files only: *_windows.cpp on Windows; *_linux.cpp,
# *_posix.cpp and *_openssl.cpp elsewhere) into tpmready_NAME, linked PUBLIC to the layers it may
# depend on. Enforcement: src/ itself is on no include path. Each layer publishes its own include
# root, a folder holding only the link NAME -> src/NAME, so `#include "NAME/..."` resolves only in
# layers that link tpmready_NAME, directly or through a layer they link. Any other include of a
# tpmready header is a build error (tests/layering checks that it is).
#
# TPMREADY_LAYERS and TPMREADY_LAYER_DEPS_<NAME> record the graph; it is written to
# ${CMAKE_BINARY_DIR}/layers.txt for the test that holds docs/architecture.md against it.
set(TPMREADY_LAYER_ROOT ${CMAKE_BINARY_DIR}/layer_include)
set(TPMREADY_LAYERS "")

function(tpmready_layer name)
  cmake_parse_arguments(L "" "" "DEPS" ${ARGN})
  file(GLOB_RECURSE srcs CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/src/${name}/*.cpp)
  if(WIN32)
    list(FILTER srcs EXCLUDE REGEX "_(linux|posix|openssl)\\.cpp$")
  else()
    list(FILTER srcs EXCLUDE REGEX "_windows\\.cpp$")
  endif()
  list(FILTER srcs EXCLUDE REGEX "/src/cli/main\\.cpp$")
  set(root ${TPMREADY_LAYER_ROOT}/${name})
  file(MAKE_DIRECTORY ${root})
  if(NOT EXISTS ${root}/${name})
    file(CREATE_LINK ${CMAKE_SOURCE_DIR}/src/${name} ${root}/${name} SYMBOLIC)
  endif()
  add_library(tpmready_${name} STATIC ${srcs} ${L_UNPARSED_ARGUMENTS})
  target_include_directories(tpmready_${name} PUBLIC ${root})
  target_link_libraries(tpmready_${name} PUBLIC tpmready_base PRIVATE tpmready_warnings)
  foreach(dep ${L_DEPS})
    target_link_libraries(tpmready_${name} PUBLIC tpmready_${dep})
  endforeach()
  set(TPMREADY_LAYERS ${TPMREADY_LAYERS} ${name} PARENT_SCOPE)
  set(TPMREADY_LAYER_DEPS_${name} ${L_DEPS} PARENT_SCOPE)
endfunction()

# Writes the graph: one line per layer, "name: dep dep ...", in definition order (bottom up).
function(tpmready_write_layer_graph)
  set(text "")
  foreach(name ${TPMREADY_LAYERS})
    string(REPLACE ";" " " deps "${TPMREADY_LAYER_DEPS_${name}}")
    string(APPEND text "${name}: ${deps}\n")
  endforeach()
  file(WRITE ${CMAKE_BINARY_DIR}/layers.txt "${text}")
endfunction()
