# Initial cache (cmake -C) of the sanitizer build directory (build-sanitize), shared by
# scripts/sanitize.sh and scripts/fuzz.sh so both configure it identically: ONE clang build with
# ASan+UBSan serves the unit/integration suites under sanitizers and the libFuzzer targets
# (docs/fuzzing.md, "Build time"). Without clang, scripts/sanitize.sh uses gcc and no fuzzers.
set(CMAKE_C_COMPILER clang CACHE STRING "")
set(CMAKE_CXX_COMPILER clang++ CACHE STRING "")
set(TOKENBRIDGE_SANITIZE ON CACHE BOOL "")
set(TOKENBRIDGE_FUZZ ON CACHE BOOL "")
# -O1: the sanitizers' recommended level, a little less to compile than -O2 -g (docs/fuzzing.md);
# line tables only: file:line in every report without full debug info. Assertions stay on.
set(CMAKE_BUILD_TYPE Sanitize CACHE STRING "")
set(CMAKE_C_FLAGS_SANITIZE "-O1 -gline-tables-only" CACHE STRING "")
set(CMAKE_CXX_FLAGS_SANITIZE "-O1 -gline-tables-only" CACHE STRING "")
set(CMAKE_EXE_LINKER_FLAGS_SANITIZE "" CACHE STRING "")
set(CMAKE_SHARED_LINKER_FLAGS_SANITIZE "" CACHE STRING "")
set(CMAKE_MODULE_LINKER_FLAGS_SANITIZE "" CACHE STRING "")
set(CMAKE_STATIC_LINKER_FLAGS_SANITIZE "" CACHE STRING "")
# Nothing runs the benchmarks under sanitizers; the normal build keeps them compiling.
set(TOKENBRIDGE_BENCH OFF CACHE BOOL "")
# Warnings are errors in the gcc build; clang's additional ones are shown here, not fatal.
set(TOKENBRIDGE_WERROR OFF CACHE BOOL "")
