# Warnings for every target of ours; third-party and Qt headers are system includes and stay quiet.
add_compile_options(-Wall -Wextra -Wpedantic -Wshadow=local -Wnon-virtual-dtor)
add_compile_definitions(QT_NO_CAST_FROM_ASCII_DEPRECATED QT_NO_NARROWING_CONVERSIONS_IN_CONNECT)
