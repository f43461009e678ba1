# Copied to the top of a -DTOKENBRIDGE_SANITIZE=ON build tree: CTest there skips these tests,
# because ASan makes them meaningless, not because they fail (docs/fuzzing.md, "Sanitizers").
# Only for tests another component owns; a component can also give its test the CTest label
# `no_sanitize` (scripts/sanitize.sh runs `ctest -LE 'fuzz|no_sanitize'`).
set(CTEST_CUSTOM_TESTS_IGNORE
  # Asserts a peak RSS below 64 MiB while streaming 64 MiB; ASan's shadow memory and its 256 MiB
  # free() quarantine measure the sanitizer, not the code.
  passive.stream_64mib
  # Loads libvtoken-pkcs11.so into OpenSC's pkcs11-tool, which is not instrumented: clang links
  # the ASan runtime into executables only, so the module's __asan_* symbols are unresolved.
  # The same for GnuTLS's p11tool and for /usr/bin/python3 (PyKCS11, ctypes).
  active_vtoken.pkcs11_tool
  active_vtoken.client_tools
  active_vtoken.pykcs11
  active_vtoken.raw_calls
  active_vtoken.pykcs11_hw_feature
  active_vtoken.pkcs11_tool_objects_lite
  active_vtoken.pkcs11_tool_objects_s
  active_vtoken.pkcs11_tool_objects_ecp3
  # The same: they read what the host wrote through pkcs11-tool with libvtoken-pkcs11.so.
  objects.labels_vtoken
  objects.data_vtoken
)
