# Tests of the Windows build under Wine (included by the top-level CMakeLists when WIN32).
#   windows.imports        scripts/check-win-imports.sh: tpmready.exe imports only system DLLs
#   windows.tpmlab         provisions the healthy-rsa2048 swtpm template once (FIXTURES_SETUP)
#   windows.console        the ConsoleWindows unit tests on a pseudo terminal (tests/windows/on_pty.py)
#   windows.wine           tests/windows/test_wine.py: scenarios in a fresh WINEPREFIX, swtpm over TCP
# Host tools (python3, swtpm, wine) are found on the build machine, not in the MinGW sysroot.
find_program(TPMREADY_OBJDUMP x86_64-w64-mingw32-objdump)
if(TPMREADY_OBJDUMP)
  add_test(NAME windows.imports
           COMMAND ${CMAKE_SOURCE_DIR}/scripts/check-win-imports.sh $<TARGET_FILE:tpmready> $<TARGET_FILE:tpmready_unit_tests>)
  set_tests_properties(windows.imports PROPERTIES LABELS windows)
endif()

find_program(TPMREADY_HOST_PYTHON python3)
find_program(TPMREADY_WINE wine)
find_program(TPMREADY_SWTPM swtpm)
if(NOT TPMREADY_HOST_PYTHON OR NOT TPMREADY_WINE OR NOT TPMREADY_SWTPM)
  message(WARNING "python3, wine or swtpm missing: Wine scenario tests not registered")
  return()
endif()

set(TPMREADY_WIN_TPMLAB_DIR ${CMAKE_BINARY_DIR}/tpmlab)
add_test(NAME windows.tpmlab
         COMMAND ${CMAKE_SOURCE_DIR}/tests/tpmlab/provision-all.sh ${TPMREADY_WIN_TPMLAB_DIR} healthy-rsa2048)
set_tests_properties(windows.tpmlab PROPERTIES FIXTURES_SETUP wintpmlab LABELS windows TIMEOUT 600)

# The console tests need a console: Wine gives one to a program started on a pseudo terminal.
add_test(NAME windows.console
         COMMAND ${TPMREADY_HOST_PYTHON} ${CMAKE_SOURCE_DIR}/tests/windows/on_pty.py ${TPMREADY_WINE}
                 $<TARGET_FILE:tpmready_unit_tests> --gtest_filter=ConsoleWindows.*)
set_tests_properties(windows.console PROPERTIES LABELS windows TIMEOUT 300
  ENVIRONMENT "TPMREADY_TEST_NEED_CONSOLE=1;WINEDEBUG=-all")

# What a program leaves in the console after it exits (the code page tpmready must restore).
add_executable(console_state ${CMAKE_SOURCE_DIR}/tests/windows/console_state.cpp)
target_link_options(console_state PRIVATE -static)

add_test(NAME windows.wine COMMAND ${TPMREADY_HOST_PYTHON} ${CMAKE_SOURCE_DIR}/tests/windows/test_wine.py)
set_tests_properties(windows.wine PROPERTIES
  FIXTURES_REQUIRED wintpmlab LABELS windows TIMEOUT 600
  ENVIRONMENT "TPMREADY_BIN=$<TARGET_FILE:tpmready>;TPMREADY_CONSOLE_STATE=$<TARGET_FILE:console_state>;TPMLAB_TEMPLATES=${TPMREADY_WIN_TPMLAB_DIR};PYTHONDONTWRITEBYTECODE=1")
