# Integration tests against real software TPMs (swtpm + libtpms), with tpm2-tools as the oracle.
# Included by the top-level CMakeLists on Linux. Label: swtpm (ctest -L swtpm / -LE swtpm).
#
#   tpmlab.provision      FIXTURES_SETUP tpmlab: tests/tpmlab/provision-all.sh provisions every
#                         scenario template once into ${CMAKE_BINARY_DIR}/tpmlab (kept across runs
#                         while tests/tpmlab/provision.sh is unchanged)
#   integration.<suite>   tests/integration/test_<suite>.py; each test starts its own swtpm from a
#                         template copy. Exit 77 = skipped (command under test not there yet;
#                         html_layout: no chromium).
find_package(Python3 3.9 COMPONENTS Interpreter)
find_program(TPMREADY_SWTPM swtpm)

# Test-data generators against their oracles (no TPM needed): make_evtx.py vs libevtx's evtxexport.
if(Python3_Interpreter_FOUND)
  add_test(NAME tools.make_evtx
           COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/tests/tools/test_make_evtx.py)
  set_tests_properties(tools.make_evtx PROPERTIES LABELS tools TIMEOUT 120
                       ENVIRONMENT "PYTHONDONTWRITEBYTECODE=1")
endif()
find_program(TPMREADY_TPM2_GETCAP tpm2_getcap)
if(NOT Python3_Interpreter_FOUND OR NOT TPMREADY_SWTPM OR NOT TPMREADY_TPM2_GETCAP)
  message(WARNING "swtpm, tpm2-tools or python3 missing: integration tests not registered "
                  "(scripts/install-deps.sh installs them)")
  return()
endif()

# Where the provisioned templates live; scripts/test.sh points the release and ASan builds at one
# folder so the second run finds them made (provision-all.sh keeps complete, current templates).
set(TPMREADY_TPMLAB_DIR ${CMAKE_BINARY_DIR}/tpmlab CACHE PATH "Provisioned TPM scenario templates")
add_test(NAME tpmlab.provision
         COMMAND ${CMAKE_SOURCE_DIR}/tests/tpmlab/provision-all.sh ${TPMREADY_TPMLAB_DIR})
set_tests_properties(tpmlab.provision PROPERTIES
  FIXTURES_SETUP tpmlab LABELS swtpm TIMEOUT 600 ENVIRONMENT "TPMLAB_QUIET=0")

# Tests that scale work to the build's speed read TPMREADY_SANITIZED (ASan/UBSan builds are slower).
if(CMAKE_CXX_FLAGS MATCHES "-fsanitize")
  set(TPMREADY_SANITIZED 1)
else()
  set(TPMREADY_SANITIZED 0)
endif()
foreach(suite tpmlab tpm_contract tpm_faults ekcert eventlog check check_faults examples events causes hardware_hash explain report_html html_layout readonly fleet redact archives online aik_ca output cli pastes)
  add_test(NAME integration.${suite}
           COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/tests/integration/test_${suite}.py)
  set_tests_properties(integration.${suite} PROPERTIES
    FIXTURES_REQUIRED tpmlab LABELS swtpm TIMEOUT 600 SKIP_RETURN_CODE 77
    ENVIRONMENT "TPMREADY_BIN=$<TARGET_FILE:tpmready>;TPMLAB_TEMPLATES=${TPMREADY_TPMLAB_DIR};PYTHONDONTWRITEBYTECODE=1;TPMREADY_ARTIFACTS=${CMAKE_BINARY_DIR}/artifacts;TPMREADY_SANITIZED=${TPMREADY_SANITIZED}")
endforeach()
# The HTML suites in headless Chromium (ctest -L html): skipped (exit 77) without chromium.
set_property(TEST integration.report_html integration.html_layout APPEND PROPERTY LABELS html)

# Schema validation uses python3-jsonschema, a Debian package: run it with Debian's interpreter
# (a pyenv or venv python3 first on PATH would not see it).
find_program(TPMREADY_DEBIAN_PYTHON NAMES python3 PATHS /usr/bin NO_DEFAULT_PATH)
if(TPMREADY_DEBIAN_PYTHON)
  add_test(NAME integration.schemas
           COMMAND ${TPMREADY_DEBIAN_PYTHON} ${CMAKE_SOURCE_DIR}/tests/integration/test_schemas.py)
  set_tests_properties(integration.schemas PROPERTIES
    FIXTURES_REQUIRED tpmlab LABELS swtpm TIMEOUT 600
    ENVIRONMENT "TPMREADY_BIN=$<TARGET_FILE:tpmready>;TPMLAB_TEMPLATES=${TPMREADY_TPMLAB_DIR};PYTHONDONTWRITEBYTECODE=1")
endif()

# The harness scripts are code too: lint them when shellcheck is installed.
find_program(TPMREADY_SHELLCHECK shellcheck)
if(TPMREADY_SHELLCHECK)
  file(GLOB _tpmlab_scripts ${CMAKE_SOURCE_DIR}/tests/tpmlab/*.sh)
  add_test(NAME tpmlab.shellcheck
           COMMAND ${TPMREADY_SHELLCHECK} -x ${_tpmlab_scripts} ${CMAKE_SOURCE_DIR}/scripts/run.sh
                   ${CMAKE_SOURCE_DIR}/scripts/package.sh
                   ${CMAKE_SOURCE_DIR}/bench/tpm_facts.sh ${CMAKE_SOURCE_DIR}/bench/ekcert.sh)
  set_tests_properties(tpmlab.shellcheck PROPERTIES LABELS lint)
endif()
