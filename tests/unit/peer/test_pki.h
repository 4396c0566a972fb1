// A throwaway office CA and agent certificates made with the real openssl command line in a
// test's temp directory: valid ones, one from another CA, an expired one.
#pragma once

#include <stdlib.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>
#include <string>

namespace jaga::testing {

class TestPki {
 public:
  explicit TestPki(std::string dir) : dir_(std::move(dir)) {
    write_file(dir_ + "/leaf.ext",
               "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\n"
               "extendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=IP:127.0.0.1\n");
    make_ca("ca", "Office CA");
  }

  // A CA named `name` (files NAME.crt, NAME.key).
  void make_ca(const std::string& name, const std::string& cn) const {
    run("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout " +
        path(name + ".key") + " -out " + path(name + ".crt") + " -days 30 -subj '/CN=" + cn + "'");
  }

  // A certificate NAME.crt / NAME.key with subject CN `cn`, issued by CA `ca`, valid for
  // `days` (negative: expired that many days ago).
  void issue(const std::string& name, const std::string& cn, const std::string& ca = "ca",
             int days = 30) const {
    run("openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout " +
        path(name + ".key") + " -out " + path(name + ".csr") + " -subj '/CN=" + cn + "'");
    run("openssl x509 -req -in " + path(name + ".csr") + " -CA " + path(ca + ".crt") + " -CAkey " +
        path(ca + ".key") + " -set_serial " + std::to_string(++serial_) + " -days " +
        std::to_string(days) + " -extfile " + path("leaf.ext") + " -out " + path(name + ".crt"));
  }

  // The SHA-256 fingerprint "AB:CD:..." of NAME.crt, as openssl prints it.
  std::string fingerprint(const std::string& name) const {
    const std::string out = path(name + ".fp");
    const std::string command =
        "openssl x509 -noout -fingerprint -sha256 -in " + path(name + ".crt") + " > " + out;
    INFO(command);
    REQUIRE(std::system(command.c_str()) == 0);
    std::ifstream in(out);
    std::string line;
    std::getline(in, line);
    const auto eq = line.find('=');
    REQUIRE(eq != std::string::npos);
    return line.substr(eq + 1);
  }

  std::string path(const std::string& file) const { return dir_ + "/" + file; }

 private:
  static void write_file(const std::string& path, const std::string& text) {
    std::ofstream out(path);
    out << text;
    REQUIRE(out.good());
  }
  static void run(const std::string& command) {
    INFO(command);
    REQUIRE(std::system((command + " >/dev/null 2>&1").c_str()) == 0);
  }

  std::string dir_;
  mutable int serial_ = 0;
};

}  // namespace jaga::testing
