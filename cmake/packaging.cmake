# The Debian package: `cpack -G DEB` in a build directory gives jaga_<version>_<arch>.deb with the
# binary, the example configuration as /etc/jaga/jaga.toml (a conffile), the SOP-PIAK-07 workflow
# definition, the hardened systemd unit and the sysusers/tmpfiles entries that create the jaga
# user and its directories, and README.md with docs/ under /usr/share/doc/jaga, with the monitoring
# account's grants (grants.sql, which docs/two-hosts.md applies from there) and the example
# configurations under examples/. Maintainer scripts: ops/debian/.
install(FILES config/jaga.example.toml DESTINATION /etc/jaga RENAME jaga.toml
        PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ)
install(FILES config/sop-piak-07.toml DESTINATION /etc/jaga
        PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ)
install(FILES ops/systemd/jaga.service DESTINATION /lib/systemd/system)
install(FILES ops/systemd/jaga.sysusers DESTINATION lib/sysusers.d RENAME jaga.conf)
install(FILES ops/systemd/jaga.tmpfiles DESTINATION lib/tmpfiles.d RENAME jaga.conf)
install(FILES README.md DESTINATION share/doc/jaga)
install(DIRECTORY docs/ DESTINATION share/doc/jaga/docs FILES_MATCHING PATTERN "*.md")
install(FILES ops/grants.sql DESTINATION share/doc/jaga)
install(FILES config/jaga.example.toml config/sop-piak-07.toml
        DESTINATION share/doc/jaga/examples)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME jaga)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_PACKAGE_CONTACT "jaga developers <jaga@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "keeps watch over a civil registry's population database: consistency, backups, reports")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
# Library dependencies from the binary itself (dpkg-shlibdeps), plus what the package scripts and
# restore tests call.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser, systemd | systemd-standalone-sysusers")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "mariadb-client, mariadb-server, zstd, poppler-utils")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    "${CMAKE_CURRENT_SOURCE_DIR}/ops/debian/conffiles;${CMAKE_CURRENT_SOURCE_DIR}/ops/debian/postinst;${CMAKE_CURRENT_SOURCE_DIR}/ops/debian/postrm")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)
include(CPack)
