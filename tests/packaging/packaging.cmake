# packaging.deb_zip: scripts/package.sh into a temporary folder and checks of the .deb and the
# Windows zip (tests/packaging/test_package.py). Registered in the release build only (the one
# package.sh packages) and only when the packaging tools are there (scripts/install-deps.sh
# installs them). Label: packaging.
if(NOT CMAKE_BINARY_DIR STREQUAL "${CMAKE_SOURCE_DIR}/build/release")
  return()
endif()
set(_missing "")
foreach(tool dpkg-deb dpkg-shlibdeps zip man python3)
  find_program(TPMREADY_TOOL_${tool} ${tool})
  if(NOT TPMREADY_TOOL_${tool})
    list(APPEND _missing ${tool})
  endif()
endforeach()
if(_missing)
  message(STATUS "packaging test not registered: ${_missing} missing (scripts/install-deps.sh installs them)")
  return()
endif()
add_test(NAME packaging.deb_zip COMMAND ${TPMREADY_TOOL_python3} ${CMAKE_SOURCE_DIR}/tests/packaging/test_package.py)
# RUN_SERIAL: package.sh brings the tpmready targets up to date in build/release and build/windows.
set_tests_properties(packaging.deb_zip PROPERTIES LABELS packaging TIMEOUT 900 RUN_SERIAL TRUE
                     ENVIRONMENT "PYTHONDONTWRITEBYTECODE=1")
