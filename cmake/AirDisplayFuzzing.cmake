# libFuzzer builds (clang only; scripts/fuzz-protocol.sh configures one in build/fuzz).
#
# The fuzzer is only as good as its coverage feedback, so every target of the project is compiled
# with coverage instrumentation (fuzzer-no-link) and AddressSanitizer, not just the fuzz driver:
# otherwise the decoder library under test would be invisible to libFuzzer.
option(AIRDISPLAY_FUZZ "Build the libFuzzer targets (clang)" OFF)
if(AIRDISPLAY_FUZZ)
    if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
        message(FATAL_ERROR "AIRDISPLAY_FUZZ needs clang (-DCMAKE_CXX_COMPILER=clang++)")
    endif()
    add_compile_options(-fsanitize=fuzzer-no-link,address -fno-omit-frame-pointer)
    add_link_options(-fsanitize=address)
endif()

# airdisplay_add_fuzzer(<name> SOURCES ... [INCLUDES ...] LIBRARIES ...): a libFuzzer driver, built only in a
# fuzzing build.
function(airdisplay_add_fuzzer name)
    if(NOT AIRDISPLAY_FUZZ)
        return()
    endif()
    cmake_parse_arguments(ARG "" "" "SOURCES;INCLUDES;LIBRARIES" ${ARGN})
    add_executable(${name} ${ARG_SOURCES})
    target_include_directories(${name} PRIVATE ${ARG_INCLUDES})
    target_link_options(${name} PRIVATE -fsanitize=fuzzer)
    target_link_libraries(${name} PRIVATE ${ARG_LIBRARIES})
endfunction()
