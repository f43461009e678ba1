# CPACK_POST_BUILD_SCRIPTS of cmake/packaging.cmake: repairs CPack 3.25's dbgsym package, which
# lists the build machine's absolute paths in DEBIAN/md5sums and has no documentation directory
# (debhelper's dbgsym packages link /usr/share/doc/<pkg>-dbgsym to the main package's, where the
# copyright and changelog are). Without this lintian reports errors on the .ddeb.
if(NOT CPACK_GENERATOR STREQUAL "DEB")
  return()
endif()
# The packages in CPack's staging directory, before it copies them to the build directory.
set(_ddebs ${CPACK_PACKAGE_FILES})
list(FILTER _ddebs INCLUDE REGEX "-dbgsym_[^/]*\\.ddeb$")
foreach(_ddeb IN LISTS _ddebs)
  set(_root "${_ddeb}.fix")
  file(REMOVE_RECURSE "${_root}")
  execute_process(COMMAND dpkg-deb -R "${_ddeb}" "${_root}" COMMAND_ERROR_IS_FATAL ANY)
  file(STRINGS "${_root}/DEBIAN/control" _package REGEX "^Package: ")
  string(REGEX REPLACE "^Package: (.*)-dbgsym$" "\\1" _main "${_package}")
  # md5sums: "<sum>  <path relative to the root>", as dpkg writes it.
  file(STRINGS "${_root}/DEBIAN/md5sums" _sums)
  set(_fixed "")
  foreach(_line IN LISTS _sums)
    string(REGEX REPLACE "^([0-9a-f]+)  .*-dbgsym/(usr/.*)$" "\\1  \\2" _line "${_line}")
    string(APPEND _fixed "${_line}\n")
  endforeach()
  file(WRITE "${_root}/DEBIAN/md5sums" "${_fixed}")
  file(MAKE_DIRECTORY "${_root}/usr/share/doc")
  file(CREATE_LINK "${_main}" "${_root}/usr/share/doc/${_main}-dbgsym" SYMBOLIC)
  execute_process(COMMAND dpkg-deb --root-owner-group -Zxz -b "${_root}" "${_ddeb}"
    OUTPUT_QUIET COMMAND_ERROR_IS_FATAL ANY)
  file(REMOVE_RECURSE "${_root}")
endforeach()
