# Read by cpack for each generator. The .deb places /etc files itself; an archive generator would
# write absolute destinations onto the building machine, so the .tar.gz stages the whole tree
# (usr/..., etc/...) under DESTDIR instead, ready to unpack at /.
if(CPACK_GENERATOR STREQUAL "TGZ")
    set(CPACK_SET_DESTDIR ON)
    set(CPACK_INSTALL_PREFIX /usr)
endif()
