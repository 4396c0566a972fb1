// Who a signer is as a person, for the four-eyes rule: NIP when both have one, else the name.
#include "sign/person.h"

#include <catch2/catch.hpp>

namespace jaga::sign {
namespace {

constexpr const char* kNipBudi = "198001012005011001";
constexpr const char* kNipOther = "199002022015022002";

TEST_CASE("two signers are one person by NIP, or by name when either has no NIP",
          "[sign][person]") {
  CHECK(same_person({"Budi Santoso", kNipBudi}, {"Budi S.", kNipBudi}));
  CHECK_FALSE(same_person({"Budi Santoso", kNipBudi}, {"Budi Santoso", kNipOther}));
  CHECK(same_person({"Budi Santoso", ""}, {"budi  SANTOSO ", kNipBudi}));
  CHECK(same_person({"Budi Santoso", ""}, {"Budi Santoso", ""}));
  CHECK_FALSE(same_person({"Budi Santoso", ""}, {"Siti Aminah", ""}));
}

TEST_CASE("a person is described with their NIP when it is known", "[sign][person]") {
  CHECK(describe({"Budi Santoso", kNipBudi}) == "Budi Santoso (NIP 198001012005011001)");
  CHECK(describe({"Budi Santoso", ""}) == "Budi Santoso");
}

TEST_CASE("a NIP has 18 digits", "[sign][person]") {
  CHECK(check_nip(kNipBudi).ok());
  for (const char* bad : {"", "19800101200501100", "1980010120050110011", "19800101 2005011001",
                          "19800101200501100x"}) {
    INFO(bad);
    auto r = check_nip(bad);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message ==
          "a NIP has 18 digits (e.g. 198001012005011001), got \"" + std::string(bad) + "\"");
  }
}

}  // namespace
}  // namespace jaga::sign
