# What `cmake --install` puts where, and the .deb CPack builds from it (docs/deployment.md).
#
#   <prefix>/bin/otklik
#   <prefix>/share/otklik/{regulations (with templates/), data, web}   read by an installed binary
#   <prefix>/share/doc/otklik/{deployment.md, haproxy.cfg, otklik.example.toml}
#   <sysconfdir>/otklik/otklik.toml                                   the unit's --config
#   <prefix>/lib/systemd/system/otklik.service, <prefix>/lib/sysusers.d/otklik.conf
#
# The package is built with -DCMAKE_INSTALL_PREFIX=/usr (`make package`): then sysconfdir is /etc.
if(NOT TARGET otklik)
    return()
endif()

set(OTKLIK_SHARE_DIR ${CMAKE_INSTALL_DATADIR}/otklik)
set(OTKLIK_CONFIG_DIR ${CMAKE_INSTALL_FULL_SYSCONFDIR}/otklik)
set(OTKLIK_STATE_DIR /var/lib/otklik)

install(TARGETS otklik RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/regulations/ DESTINATION ${OTKLIK_SHARE_DIR}/regulations)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/data/ DESTINATION ${OTKLIK_SHARE_DIR}/data)
# The web workplace when it has been built (`make web`; `make package` builds it first).
install(DIRECTORY ${PROJECT_SOURCE_DIR}/web/dist/ DESTINATION ${OTKLIK_SHARE_DIR}/web OPTIONAL)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/otklik.toml DESTINATION ${OTKLIK_CONFIG_DIR})
install(FILES ${PROJECT_SOURCE_DIR}/docs/deployment.md ${PROJECT_SOURCE_DIR}/packaging/haproxy.cfg
              ${PROJECT_SOURCE_DIR}/docs/otklik.example.toml
        DESTINATION ${CMAKE_INSTALL_DOCDIR})

configure_file(${PROJECT_SOURCE_DIR}/packaging/otklik.service.in
               ${PROJECT_BINARY_DIR}/packaging/otklik.service @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/packaging/otklik.service DESTINATION lib/systemd/system)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/otklik.sysusers DESTINATION lib/sysusers.d
        RENAME otklik.conf)

# The .deb: `make package`, or `cpack -G DEB` in a build folder.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME otklik)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "Otklik maintainers <otklik@example.org>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Registration and processing of citizens' appeals")
string(CONCAT CPACK_PACKAGE_DESCRIPTION
    "Otklik registers appeals from every channel, routes them by regulation files, keeps their\n"
    "deadlines and answers the applicants. One node keeps its data in an embedded SQLite store,\n"
    "several nodes share a PostgreSQL database behind a proxy.")
set(CPACK_PACKAGING_INSTALL_PREFIX ${CMAKE_INSTALL_PREFIX})
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
# Debian ships binaries without their debugging sections.
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_PACKAGE_SECTION web)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "tzdata, hunspell-ru")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "systemd")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "postgresql-15, postgresql-client-15, haproxy")
configure_file(${PROJECT_SOURCE_DIR}/packaging/debian/conffiles.in
               ${PROJECT_BINARY_DIR}/packaging/debian/conffiles @ONLY)
foreach(script postinst prerm postrm)
    configure_file(${PROJECT_SOURCE_DIR}/packaging/debian/${script}.in
                   ${PROJECT_BINARY_DIR}/packaging/debian/${script} @ONLY
                   FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ
                                    GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
endforeach()
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${PROJECT_BINARY_DIR}/packaging/debian/conffiles ${PROJECT_BINARY_DIR}/packaging/debian/postinst
    ${PROJECT_BINARY_DIR}/packaging/debian/prerm ${PROJECT_BINARY_DIR}/packaging/debian/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
