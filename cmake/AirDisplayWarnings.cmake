# Warnings for every target of ours; third-party and Qt headers are system includes and stay quiet.
add_compile_options(-Wall -Wextra -Wpedantic -Wnon-virtual-dtor)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    # Shadowing of locals only: Qt's idioms shadow members in constructors on purpose. Clang spells
    # this warning differently (it has no "=local" form).
    add_compile_options(-Wshadow=local)
else()
    add_compile_options(-Wshadow-uncaptured-local)
endif()
add_compile_definitions(QT_NO_CAST_FROM_ASCII_DEPRECATED QT_NO_NARROWING_CONVERSIONS_IN_CONNECT)
