# Adjustments of a -DTOKENBRIDGE_SANITIZE=ON build once every component is added
# (docs/fuzzing.md, "Sanitizers").

# Tests ASan makes meaningless are skipped by CTest in this tree (reasons in the file).
configure_file(${CMAKE_CURRENT_LIST_DIR}/CTestCustom.cmake ${CMAKE_BINARY_DIR}/CTestCustom.cmake
  COPYONLY)

# clang links the ASan/UBSan runtime into executables only; a shared object's __asan_* references
# are resolved by the executable that loads it. So -Wl,--no-undefined (which a PKCS#11 module
# uses to catch missing symbols in the normal build) cannot hold here; the normal build keeps it.
if(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  function(tb_allow_sanitizer_undefined dir)
    get_property(targets DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
    foreach(target IN LISTS targets)
      get_target_property(type ${target} TYPE)
      if(type STREQUAL "SHARED_LIBRARY" OR type STREQUAL "MODULE_LIBRARY")
        get_target_property(options ${target} LINK_OPTIONS)
        if(options)
          list(REMOVE_ITEM options -Wl,--no-undefined -Wl,-z,defs)
          set_target_properties(${target} PROPERTIES LINK_OPTIONS "${options}")
        endif()
      endif()
    endforeach()
    get_property(subdirs DIRECTORY ${dir} PROPERTY SUBDIRECTORIES)
    foreach(subdir IN LISTS subdirs)
      tb_allow_sanitizer_undefined(${subdir})
    endforeach()
  endfunction()
  tb_allow_sanitizer_undefined(${PROJECT_SOURCE_DIR})
endif()
