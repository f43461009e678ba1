# The tokenbridge packages: `cmake --build BUILD --target package` (or `cd BUILD && cpack`) makes
#   tokenbridge_<v>-1_<arch>.deb  (+ tokenbridge-dbgsym_<v>-1_<arch>.ddeb)   Debian 12, Astra Linux
#   tokenbridge-<v>-1.<arch>.rpm                                            ALT, RED OS, Fedora
# Both hold the host, stripped (the .deb's debug symbols go to the dbgsym package when the build
# has them, i.e. TOKENBRIDGE_DEBUG_INFO=ON, the default; CPack's RPM debuginfo needs rpm's
# find-debuginfo, which Debian's rpm lacks, so the RPM has none), the browser manifests, the manual page,
# LICENSE, the third-party notices and docs/install.md. The virtual token (emulator/, component
# "Unspecified") is a test tool and stays out. scripts/package-test.sh checks the result.
#
# Dependencies: the shared libraries the binary links come from dpkg-shlibdeps / rpm's
# find-requires, so a newly linked library is picked up by itself. What the host loads or talks to
# at run time is not visible to those tools and is listed here, found by reading host/:
#   - crypto/GostEngine.cpp: ENGINE_by_id("gost") / dynamic SO_PATH ENGINESDIR/gost.so, the OpenSSL
#     gost engine: Debian libengine-gost-openssl, Fedora openssl-gost-engine (Depends/Requires);
#   - pcsc/: libpcsclite (linked) speaks to the pcscd daemon over its socket: pcscd / pcsc-lite;
#   - modes/active/Pkcs11Module.cpp: dlopen of the PKCS#11 modules modes/active/ModuleLocator.cpp
#     lists: Aktiv's librtpkcs11ecp.so (Aktiv's own .deb/.rpm, package librtpkcs11ecp, not in
#     Debian: Recommends) and CryptoPro's libcppkcs11.so (CryptoPro's, optional: not named);
#     TOKENBRIDGE_PKCS11_MODULES can name OpenSC's (Suggests: opensc);
#   - devices/ProcessRunner.cpp: posix_spawn of CryptoPro's cpconfig (devices/Environment.cpp),
#     optional: not named.
# Files read at run time are not listed: host/net (libcurl, linked, so shlibdeps names it) fetches
# OCSP answers; given an HTTPS URL it needs the system CA store (ca-certificates on both).
# CTest package.runtime_loads fails when a file of host/ gains a run-time load this list does not
# name (tests/unit/repo/runtime_loads.py).
set(TOKENBRIDGE_PACKAGE_PREFIX /usr)
set(TOKENBRIDGE_HOST_PATH ${TOKENBRIDGE_PACKAGE_PREFIX}/bin/tokenbridge-host)
set(TOKENBRIDGE_PACKAGE_RELEASE 1)
set(_tb_src ${CMAKE_CURRENT_LIST_DIR}/..)
set(_tb_out ${CMAKE_CURRENT_BINARY_DIR}/package)
install(TARGETS tokenbridge-host RUNTIME DESTINATION bin COMPONENT tokenbridge)
# Full RELRO (lintian: hardening-no-bindnow): the dynamic symbols are resolved at start and the
# GOT made read-only, as Debian's packages are built. Only the link of the host changes.
target_link_options(tokenbridge-host PRIVATE LINKER:-z,relro,-z,now)

# One manifest per browser directory of manifests/locations.tsv (system column); those under
# /etc are conffiles, so a local edit (e.g. another extension id) survives upgrades. Firefox
# built with a lib64 libdir (Fedora, ALT, RED OS on x86_64) reads /usr/lib64/mozilla instead of
# /usr/lib/mozilla: the RPM alone (component tokenbridge-rpm) also has that copy.
set(_tb_conffiles "")
set(_tb_rpm_config "")
file(STRINGS ${_tb_src}/manifests/locations.tsv _tb_locations REGEX "^[^#]")
foreach(_tb_line IN LISTS _tb_locations)
  string(REPLACE "\t" ";" _tb_fields "${_tb_line}")
  list(GET _tb_fields 0 _tb_browser)
  list(GET _tb_fields 1 _tb_template)
  list(GET _tb_fields 3 _tb_system_dir)
  set(_tb_manifest ${CMAKE_CURRENT_BINARY_DIR}/manifests/${_tb_browser}/ru.tokenbridge.host.json)
  file(READ ${_tb_src}/manifests/ru.tokenbridge.host.${_tb_template}.json.in _tb_text)
  string(REPLACE "@TOKENBRIDGE_HOST_PATH@" "${TOKENBRIDGE_HOST_PATH}" _tb_text "${_tb_text}")
  file(GENERATE OUTPUT ${_tb_manifest} CONTENT "${_tb_text}")
  # Under the prefix as a relative destination: CPack's RPM marks every absolute destination a
  # configuration file, and only those under /etc are.
  string(REGEX REPLACE "^${TOKENBRIDGE_PACKAGE_PREFIX}/" "" _tb_destination "${_tb_system_dir}")
  install(FILES ${_tb_manifest} DESTINATION ${_tb_destination} COMPONENT tokenbridge)
  if(_tb_system_dir MATCHES "^/etc/")
    string(APPEND _tb_conffiles "${_tb_system_dir}/ru.tokenbridge.host.json\n")
    list(APPEND _tb_rpm_config "%config(noreplace) ${_tb_system_dir}/ru.tokenbridge.host.json")
  endif()
  if(_tb_system_dir STREQUAL "/usr/lib/mozilla/native-messaging-hosts")
    install(FILES ${_tb_manifest} DESTINATION lib64/mozilla/native-messaging-hosts
      COMPONENT tokenbridge-rpm)
  endif()
endforeach()
file(GENERATE OUTPUT ${_tb_out}/debian/conffiles CONTENT "${_tb_conffiles}")

# Documentation: the manual page and the Debian changelog gzipped as Debian policy wants them
# (-n: no name or time stamp, so the package is reproducible). The page's version comes from
# project().
file(READ ${_tb_src}/docs/tokenbridge-host.1 _tb_man)
string(REGEX REPLACE "\"tokenbridge [0-9.]+\"" "\"tokenbridge ${PROJECT_VERSION}\"" _tb_man "${_tb_man}")
file(GENERATE OUTPUT ${_tb_out}/tokenbridge-host.1 CONTENT "${_tb_man}")
# The changelogs' newest entries must name this version: a release that forgets them fails here.
file(STRINGS ${_tb_src}/installer/debian/changelog _tb_deb_top LIMIT_COUNT 1)
if(NOT _tb_deb_top MATCHES "^tokenbridge \\(${PROJECT_VERSION}-${TOKENBRIDGE_PACKAGE_RELEASE}\\) ")
  message(FATAL_ERROR "installer/debian/changelog: the newest entry is not "
    "${PROJECT_VERSION}-${TOKENBRIDGE_PACKAGE_RELEASE}: ${_tb_deb_top}")
endif()
file(STRINGS ${_tb_src}/installer/rpm/changelog _tb_rpm_top LIMIT_COUNT 1)
if(NOT _tb_rpm_top MATCHES " - ${PROJECT_VERSION}-${TOKENBRIDGE_PACKAGE_RELEASE}$")
  message(FATAL_ERROR "installer/rpm/changelog: the newest entry is not "
    "${PROJECT_VERSION}-${TOKENBRIDGE_PACKAGE_RELEASE}: ${_tb_rpm_top}")
endif()
add_custom_command(
  OUTPUT ${_tb_out}/tokenbridge-host.1.gz ${_tb_out}/changelog.Debian.gz
  COMMAND gzip -9nc ${_tb_out}/tokenbridge-host.1 > ${_tb_out}/tokenbridge-host.1.gz
  COMMAND gzip -9nc ${_tb_src}/installer/debian/changelog > ${_tb_out}/changelog.Debian.gz
  DEPENDS ${_tb_out}/tokenbridge-host.1 ${_tb_src}/installer/debian/changelog
  COMMENT "Compressing the manual page and the changelog"
  VERBATIM)
add_custom_target(tokenbridge-package-docs ALL
  DEPENDS ${_tb_out}/tokenbridge-host.1.gz ${_tb_out}/changelog.Debian.gz)

set(_tb_doc share/doc/tokenbridge)
install(FILES ${_tb_out}/tokenbridge-host.1.gz DESTINATION share/man/man1 COMPONENT tokenbridge)
install(FILES ${_tb_src}/LICENSE ${_tb_src}/THIRD-PARTY-NOTICES.md ${_tb_src}/docs/install.md
  DESTINATION ${_tb_doc} COMPONENT tokenbridge)
# Debian: copyright (machine-readable), changelog and lintian's overrides (each justified in it).
install(FILES ${_tb_src}/installer/debian/copyright ${_tb_out}/changelog.Debian.gz
  DESTINATION ${_tb_doc} COMPONENT tokenbridge-deb)
install(FILES ${_tb_src}/installer/debian/lintian-overrides DESTINATION share/lintian/overrides
  RENAME tokenbridge COMPONENT tokenbridge-deb)

set(CPACK_GENERATOR DEB RPM)
set(CPACK_PACKAGE_NAME tokenbridge)
set(CPACK_PACKAGE_VENDOR tokenbridge)
set(CPACK_PACKAGE_CONTACT "tokenbridge maintainers <tokenbridge@tokenbridge.example>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Rutoken USB tokens and smart cards for web pages (native messaging host)")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_RESOURCE_FILE_LICENSE ${_tb_src}/LICENSE)
set(CPACK_PACKAGING_INSTALL_PREFIX ${TOKENBRIDGE_PACKAGE_PREFIX})
# Per generator: which components (cmake/packaging-generators.cmake.in).
set(CPACK_PROJECT_CONFIG_FILE ${_tb_out}/packaging-generators.cmake)
configure_file(${CMAKE_CURRENT_LIST_DIR}/packaging-generators.cmake.in ${_tb_out}/packaging-generators.cmake @ONLY)
set(CPACK_POST_BUILD_SCRIPTS ${CMAKE_CURRENT_LIST_DIR}/packaging-fix-dbgsym.cmake)
set(CPACK_COMPONENTS_GROUPING ALL_COMPONENTS_IN_ONE)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_RPM_COMPONENT_INSTALL ON)
set(TOKENBRIDGE_PACKAGE_DESCRIPTION
  "Native messaging host of tokenbridge: lets web pages that the user allows list\nRutoken tokens and sign with them through the tokenbridge browser extension\n(Chrome, Chromium, Edge, Yandex Browser, Firefox). GOST R 34.10-2012 with\nStreebog, through OpenSSL and its gost engine; tokens through PC/SC.")

# Debian
set(CPACK_DEBIAN_PACKAGE_NAME tokenbridge)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE ${TOKENBRIDGE_PACKAGE_RELEASE})
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON) # every linked library: libpcsclite1, libssl3, libstdc++6, ...
set(CPACK_DEBIAN_PACKAGE_DEPENDS "pcscd, libengine-gost-openssl")
# librtpkcs11ecp: Aktiv's own .deb (rutoken.ru), not in Debian; apt installs it when a configured
# repository has it and otherwise goes on. Browsers: one of them runs the extension.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "librtpkcs11ecp, chromium | google-chrome-stable | firefox-esr | firefox")
# Tools to look at the token from outside the host (pcsc_scan, pkcs11-tool, OpenSC's PKCS#11
# module for TOKENBRIDGE_PKCS11_MODULES).
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "pcsc-tools, opensc")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${_tb_out}/debian/conffiles)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "${TOKENBRIDGE_PACKAGE_DESCRIPTION}")

# RPM. Names differ per distribution; these are Fedora's (openssl-gost-engine, pcsc-lite), which
# ALT and RED OS also use (docs/install.md "ALT Linux, RED OS" says what was and was not checked).
# Shared libraries: rpm's automatic requirements (libpcsclite.so.1, libcrypto.so.3, ...).
set(CPACK_RPM_PACKAGE_NAME tokenbridge)
set(CPACK_RPM_FILE_NAME RPM-DEFAULT)
set(CPACK_RPM_PACKAGE_RELEASE ${TOKENBRIDGE_PACKAGE_RELEASE})
set(CPACK_RPM_PACKAGE_LICENSE MIT)
set(CPACK_RPM_PACKAGE_GROUP "Applications/System")
set(CPACK_RPM_PACKAGE_URL "https://tokenbridge.example/")
set(CPACK_RPM_PACKAGE_AUTOREQ ON)
set(CPACK_PACKAGE_RELOCATABLE OFF)
set(CPACK_RPM_PACKAGE_RELOCATABLE OFF) # the manifests name /usr/bin/tokenbridge-host
set(CPACK_RPM_PACKAGE_AUTOPROV OFF) # the host provides no library
set(CPACK_RPM_PACKAGE_REQUIRES "pcsc-lite, openssl-gost-engine")
set(CPACK_RPM_PACKAGE_DESCRIPTION "${TOKENBRIDGE_PACKAGE_DESCRIPTION}")
set(CPACK_RPM_SPEC_MORE_DEFINE "%define packager ${CPACK_PACKAGE_CONTACT}")
set(CPACK_RPM_CHANGELOG_FILE ${_tb_src}/installer/rpm/changelog)
set(CPACK_RPM_USER_FILELIST ${_tb_rpm_config})
# Directories other packages (filesystem, browsers) own: not claimed by ours.
set(CPACK_RPM_EXCLUDE_FROM_AUTO_FILELIST_ADDITION
  /etc/opt /usr/lib/mozilla /usr/lib64 /usr/lib64/mozilla /usr/share/man /usr/share/man/man1
  /usr/share/doc /etc/chromium)
include(CPack)
