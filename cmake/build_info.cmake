# The git commit for `tpmready --version`, taken at configure time. It goes into one generated
# file compiled only into the program (TPMREADY_BUILD_INFO), not onto every object's command line,
# so a new commit recompiles one file and the objects stay the same: nothing else in the build
# depends on the commit, the time or the machine. Outside a git checkout (a source tarball, git
# archive) the commit is "unknown".
set(TPMREADY_GIT_COMMIT unknown)
find_package(Git QUIET)
if(GIT_FOUND AND EXISTS ${CMAKE_SOURCE_DIR}/.git)  # a file in a worktree, a folder in a clone
  execute_process(COMMAND ${GIT_EXECUTABLE} rev-parse --short=12 HEAD
                  WORKING_DIRECTORY ${CMAKE_SOURCE_DIR} RESULT_VARIABLE _rc
                  OUTPUT_VARIABLE _commit OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  if(_rc EQUAL 0 AND _commit MATCHES "^[0-9a-f]+$")
    set(TPMREADY_GIT_COMMIT ${_commit})
  endif()
  # Configure again when HEAD moves: HEAD itself (checkout) and the branch it points to (commit).
  execute_process(COMMAND ${GIT_EXECUTABLE} rev-parse --git-path HEAD --symbolic-full-name HEAD
                  WORKING_DIRECTORY ${CMAKE_SOURCE_DIR} OUTPUT_VARIABLE _paths
                  OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  string(REPLACE "\n" ";" _paths "${_paths}")
  list(GET _paths 0 _head)
  set(_watch ${_head})
  list(LENGTH _paths _n)
  if(_n GREATER 1)
    list(GET _paths 1 _ref)
    execute_process(COMMAND ${GIT_EXECUTABLE} rev-parse --git-path ${_ref}
                    WORKING_DIRECTORY ${CMAKE_SOURCE_DIR} OUTPUT_VARIABLE _ref_path
                    OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
    list(APPEND _watch ${_ref_path})
  endif()
  foreach(_f ${_watch})
    if(NOT IS_ABSOLUTE ${_f})
      set(_f ${CMAKE_SOURCE_DIR}/${_f})
    endif()
    if(EXISTS ${_f})  # a packed ref has no file of its own
      set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${_f})
    endif()
  endforeach()
endif()
set(TPMREADY_BUILD_INFO ${CMAKE_BINARY_DIR}/generated/build_info.cpp)
configure_file(${CMAKE_SOURCE_DIR}/cmake/build_info.cpp.in ${TPMREADY_BUILD_INFO} @ONLY)
