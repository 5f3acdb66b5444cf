include(AirDisplayFuzzing)

# airdisplay_add_test(<name> SOURCES ... [LIBRARIES ...] [LABELS ...] [TIMEOUT s])
#
# One Qt Test executable per unit, registered with CTest under labels so that a subset can be run
# (`ctest -L actor`). Widgets run on the offscreen platform so tests need no display.
function(airdisplay_add_test name)
    cmake_parse_arguments(ARG "" "TIMEOUT" "SOURCES;LIBRARIES;LABELS" ${ARGN})
    if(NOT ARG_TIMEOUT)
        set(ARG_TIMEOUT 120)
    endif()
    # The suites of these layers also run under AddressSanitizer and UBSan (label "asan"; the
    # asan_tests target builds just them), on a Debug build with Qt's assertions on. A suite that
    # measures time adds the label "timing" and stays out: the sanitizers slow everything down.
    foreach(layer actor store fleet gateway ui e2e)
        if(layer IN_LIST ARG_LABELS AND NOT "timing" IN_LIST ARG_LABELS AND NOT "asan" IN_LIST ARG_LABELS)
            list(APPEND ARG_LABELS asan)
        endif()
    endforeach()
    add_executable(${name} ${ARG_SOURCES})
    target_link_libraries(${name} PRIVATE Qt6::Test ${ARG_LIBRARIES})
    add_test(NAME ${name} COMMAND ${name})
    set_tests_properties(${name} PROPERTIES
        LABELS "${ARG_LABELS}"
        TIMEOUT ${ARG_TIMEOUT}
        ENVIRONMENT "QT_QPA_PLATFORM=offscreen")
    # Suites labelled "tsan" also run under ThreadSanitizer; the tsan_tests target builds just them.
    if("tsan" IN_LIST ARG_LABELS)
        set_property(GLOBAL APPEND PROPERTY AIRDISPLAY_TSAN_TESTS ${name})
    endif()
    if("asan" IN_LIST ARG_LABELS)
        set_property(GLOBAL APPEND PROPERTY AIRDISPLAY_ASAN_TESTS ${name})
    endif()
endfunction()

# Call once, after every test is declared.
function(airdisplay_add_tsan_target)
    get_property(tests GLOBAL PROPERTY AIRDISPLAY_TSAN_TESTS)
    add_custom_target(tsan_tests DEPENDS ${tests})
endfunction()

function(airdisplay_add_asan_target)
    get_property(tests GLOBAL PROPERTY AIRDISPLAY_ASAN_TESTS)
    add_custom_target(asan_tests DEPENDS ${tests})
endfunction()

# airdisplay_add_benchmark(<name> SOURCES ... [LIBRARIES ...])
#
# Benchmarks are built with the project but are not CTest tests: timing is not pass/fail on a shared
# machine. Each prints `bench: <name> <value> <unit>` lines; docs/performance.md keeps the figures.
function(airdisplay_add_benchmark name)
    cmake_parse_arguments(ARG "" "" "SOURCES;LIBRARIES" ${ARGN})
    add_executable(${name} ${ARG_SOURCES})
    target_link_libraries(${name} PRIVATE ${ARG_LIBRARIES})
endfunction()
