#define CATCH_CONFIG_RUNNER
#include <mysql.h>

#include <catch2/catch.hpp>

int main(int argc, char** argv) {
  mysql_library_init(0, nullptr, nullptr);
  const int failures = Catch::Session().run(argc, argv);
  mysql_library_end();
  return failures;
}
