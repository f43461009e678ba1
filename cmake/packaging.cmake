# The tokenbridge .deb: `cmake --build BUILD --target package` (or `cd BUILD && cpack -G DEB`).
# It holds only component "tokenbridge": the host and its browser manifests. The virtual token
# (emulator/, component "Unspecified") is a test tool and stays out.
set(TOKENBRIDGE_PACKAGE_PREFIX /usr)
set(TOKENBRIDGE_HOST_PATH ${TOKENBRIDGE_PACKAGE_PREFIX}/bin/tokenbridge-host)
install(TARGETS tokenbridge-host RUNTIME DESTINATION bin COMPONENT tokenbridge)

# One manifest per browser directory of manifests/locations.tsv (system column); those under
# /etc are conffiles, so a local edit (e.g. another extension id) survives upgrades.
set(_tb_conffiles "")
file(STRINGS ${CMAKE_CURRENT_LIST_DIR}/../manifests/locations.tsv _tb_locations REGEX "^[^#]")
foreach(_tb_line IN LISTS _tb_locations)
  string(REPLACE "\t" ";" _tb_fields "${_tb_line}")
  list(GET _tb_fields 0 _tb_browser)
  list(GET _tb_fields 1 _tb_template)
  list(GET _tb_fields 3 _tb_system_dir)
  set(_tb_out ${CMAKE_CURRENT_BINARY_DIR}/manifests/${_tb_browser}/ru.tokenbridge.host.json)
  file(READ ${CMAKE_CURRENT_LIST_DIR}/../manifests/ru.tokenbridge.host.${_tb_template}.json.in _tb_text)
  string(REPLACE "@TOKENBRIDGE_HOST_PATH@" "${TOKENBRIDGE_HOST_PATH}" _tb_text "${_tb_text}")
  file(GENERATE OUTPUT ${_tb_out} CONTENT "${_tb_text}")
  install(FILES ${_tb_out} DESTINATION ${_tb_system_dir} COMPONENT tokenbridge)
  if(_tb_system_dir MATCHES "^/etc/")
    string(APPEND _tb_conffiles "${_tb_system_dir}/ru.tokenbridge.host.json\n")
  endif()
endforeach()
file(GENERATE OUTPUT ${CMAKE_CURRENT_BINARY_DIR}/debian/conffiles CONTENT "${_tb_conffiles}")

install(FILES ${CMAKE_CURRENT_LIST_DIR}/../docs/install.md DESTINATION share/doc/tokenbridge COMPONENT tokenbridge)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME tokenbridge)
set(CPACK_PACKAGE_VENDOR tokenbridge)
set(CPACK_PACKAGE_CONTACT "tokenbridge maintainers <tokenbridge@tokenbridge.example>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Rutoken USB tokens and smart cards for web pages (native messaging host)")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX ${TOKENBRIDGE_PACKAGE_PREFIX})
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL tokenbridge)
set(CPACK_COMPONENTS_GROUPING ALL_COMPONENTS_IN_ONE)
set(CPACK_DEBIAN_PACKAGE_NAME tokenbridge)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "pcscd")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON) # libpcsclite, libssl, libstdc++ from the binary
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "chromium | google-chrome-stable | firefox-esr | firefox")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${CMAKE_CURRENT_BINARY_DIR}/debian/conffiles)
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
  "Native messaging host of tokenbridge: lets web pages that the user allows list Rutoken\n tokens and sign with them through the tokenbridge browser extension.")
include(CPack)
