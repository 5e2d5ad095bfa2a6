# The layering is enforced by the build (cmake/layers.cmake); these tests prove it stays so.
#   layering.forbidden_includes   each probe includes a header of a layer above (or beside) its own
#                                 and must fail to compile for that reason; a control probe that
#                                 includes an allowed header must compile
#   layering.architecture_doc     docs/architecture.md's layer table equals the CMake graph
# The probes are EXCLUDE_FROM_ALL object libraries built by the test, never by a normal build.
if(CMAKE_CROSSCOMPILING)
  return()  # the same CMake code makes the layers of every build; the Linux build tests it
endif()
find_package(Python3 3.9 COMPONENTS Interpreter)
if(NOT Python3_Interpreter_FOUND)
  return()
endif()

# layer|header it must not reach (a breach the architecture removed, or one it must never get)
set(_forbidden
  "rules|report/report.h"
  "cert|evidence/evidence.h"
  "eventlog|evidence/eventlog_evidence.h"
  "tpm|evidence/tpm_evidence.h"
  "net|collect/evidence_live.h"
  "timeline|cert/x509.h"
  "report|collect/evidence_live.h"
  "evidence|tpm/client.h"
  "platform|evidence/evidence.h"
  "util|crypto/crypto.h"
  "fix|collect/evidence_live.h")
set(_probe_dir ${CMAKE_BINARY_DIR}/layering_probes)
set(_probes "")
foreach(entry ${_forbidden} "rules|evidence/evidence.h|ok")
  string(REPLACE "|" ";" parts "${entry}")
  list(GET parts 0 layer)
  list(GET parts 1 header)
  string(MAKE_C_IDENTIFIER "${layer}_${header}" id)
  set(src ${_probe_dir}/${id}.cpp)
  file(WRITE ${src} "#include \"${header}\"\n")
  add_library(layering_probe_${id} OBJECT EXCLUDE_FROM_ALL ${src})
  target_link_libraries(layering_probe_${id} PRIVATE tpmready_${layer})
  list(LENGTH parts n)
  if(n EQUAL 3)
    list(APPEND _probes "ok:layering_probe_${id}:${header}")
  else()
    list(APPEND _probes "forbidden:layering_probe_${id}:${header}")
  endif()
endforeach()
string(REPLACE ";" "," _probe_list "${_probes}")
add_test(NAME layering.forbidden_includes
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/tests/layering/test_layering.py probes
                 ${CMAKE_COMMAND} ${CMAKE_BINARY_DIR} ${_probe_list})
add_test(NAME layering.architecture_doc
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/tests/layering/test_layering.py doc
                 ${CMAKE_BINARY_DIR}/layers.txt ${CMAKE_SOURCE_DIR}/docs/architecture.md)
set_tests_properties(layering.forbidden_includes layering.architecture_doc PROPERTIES LABELS layering TIMEOUT 600
                     ENVIRONMENT "PYTHONDONTWRITEBYTECODE=1")
