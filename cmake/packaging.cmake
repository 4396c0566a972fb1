# What `cmake --install` puts in place, and so what debian/rules packages (ops/package builds the
# Debian package and runs lintian on it): the binary, the example configuration as
# /etc/jaga/jaga.toml (a conffile), the SOP-PIAK-07 workflow definition, the hardened systemd unit
# and the sysusers/tmpfiles entries for the jaga user and its directories, and README.md with docs/
# under /usr/share/doc/jaga, with the monitoring account's grants (grants.sql, which
# docs/two-hosts.md applies from there) and the example configurations under examples/. The
# maintainer scripts, copyright, changelog and manual page are in debian/.
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
