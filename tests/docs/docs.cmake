# docs.links: every relative link in the README and docs/ resolves (file and #anchor), offline.
if(CMAKE_CROSSCOMPILING)
  return()  # the documents are the same for every build; the Linux build tests them
endif()
find_package(Python3 3.9 COMPONENTS Interpreter)
if(NOT Python3_Interpreter_FOUND)
  return()
endif()
add_test(NAME docs.links COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/tests/docs/check_links.py ${CMAKE_SOURCE_DIR})
set_tests_properties(docs.links PROPERTIES LABELS docs TIMEOUT 60 ENVIRONMENT "PYTHONDONTWRITEBYTECODE=1")
