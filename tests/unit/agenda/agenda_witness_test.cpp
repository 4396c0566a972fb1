// The witness's rules on their own (agenda/agenda_witness.h): what it accepts, what it refuses,
// and how `agenda verify` reads the book against what it holds.
#include "agenda/agenda_witness.h"

#include <catch2/catch.hpp>

namespace jaga::agenda {
namespace {

using Catch::Contains;

std::string hash(char c) { return std::string(64, c); }

// A book of `n` entries whose hashes are 'a', 'b', ...; `changed` gives entry `at` and every
// later one other hashes, as a rewrite that recomputes the chain does.
std::vector<AgendaEntry> book(int n, int changed_from = 0) {
  std::vector<AgendaEntry> entries;
  std::string prev = kGenesisHash;
  for (int i = 1; i <= n; ++i) {
    AgendaEntry e;
    e.position = i;
    e.agenda_number = "000" + std::to_string(i) + "/PIAK/2026";
    e.prev_hash = prev;
    e.entry_hash = hash(static_cast<char>((changed_from && i >= changed_from ? '0' : 'a') + i));
    prev = e.entry_hash;
    entries.push_back(e);
  }
  return entries;
}

TEST_CASE("the witness keeps links that extend what it holds and refuses any contradiction",
          "[agenda][witness]") {
  const auto held = links_of(book(3));
  SECTION("the same links again, and the book grown past them") {
    CHECK_FALSE(witness_refusal(held, links_of(book(3))));
    CHECK_FALSE(witness_refusal(held, links_of(book(5), 3)));
  }
  SECTION("an entry rewritten with every later hash recomputed") {
    auto refusal = witness_refusal(held, links_of(book(4, 2), 3));
    REQUIRE(refusal);
    CHECK_THAT(*refusal, Contains("rewritten") && Contains("position 3"));
  }
  SECTION("a rewrite that only shows entries after the ones held") {
    auto rewritten = links_of(book(5, 2), 4);
    auto refusal = witness_refusal(held, rewritten);
    REQUIRE(refusal);
    CHECK_THAT(*refusal, Contains("position 4 follows hash") && Contains("position 3"));
  }
  SECTION("the last entry deleted") {
    auto refusal = witness_refusal(held, links_of(book(2)));
    REQUIRE(refusal);
    CHECK_THAT(*refusal,
               Contains("truncated: it ends at position 2") && Contains("holds position 3"));
  }
}

TEST_CASE("links that are not one piece of a chain are malformed", "[agenda][witness]") {
  CHECK_FALSE(malformed_links(links_of(book(4))));
  CHECK(malformed_links({}));
  auto gap = links_of(book(4));
  gap.erase(gap.begin() + 1);
  CHECK_THAT(*malformed_links(gap), Contains("does not follow"));
  auto unchained = links_of(book(3));
  unchained[2].prev_hash = hash('f');
  CHECK_THAT(*malformed_links(unchained), Contains("does not chain"));
  auto upper = links_of(book(1));
  upper[0].entry_hash = std::string(64, 'A');
  CHECK_THAT(*malformed_links(upper), Contains("64 lower-case hex"));
  auto zero = links_of(book(1));
  zero[0].position = 0;
  CHECK(malformed_links(zero));
  auto first = links_of(book(1));
  first[0].prev_hash = hash('1');
  CHECK_THAT(*malformed_links(first), Contains("genesis"));
}

TEST_CASE("agenda verify's reading of the witness: never intact unless it holds the head",
          "[agenda][witness]") {
  const auto held = links_of(book(3));
  SECTION("witnessed up to the head") {
    const auto v = compare_with_witness(book(3), held, "backup");
    CHECK(v.status == Status::kOk);
    CHECK_THAT(v.lines.at(0), Contains("witness backup holds the book up to position 3"));
  }
  SECTION("entries after the last witnessed one") {
    const auto v = compare_with_witness(book(5), held, "backup");
    CHECK(v.status == Status::kWarn);
    CHECK_THAT(v.lines.at(0), Contains("entries 4 to 5 are not yet witnessed"));
  }
  SECTION("rewritten with the chain recomputed") {
    const auto v = compare_with_witness(book(3, 2), held, "backup");
    CHECK(v.status == Status::kCrit);
    CHECK(v.lines.size() == 2);
    CHECK_THAT(v.lines.at(0), Contains("rewritten: entry 2"));
  }
  SECTION("truncated") {
    const auto v = compare_with_witness(book(2), held, "backup");
    CHECK(v.status == Status::kCrit);
    CHECK_THAT(v.lines.at(0), Contains("truncated: it ends at position 2"));
  }
  SECTION("a middle entry deleted") {
    auto entries = book(3);
    entries.erase(entries.begin() + 1);
    const auto v = compare_with_witness(entries, held, "backup");
    CHECK(v.status == Status::kCrit);
    CHECK_THAT(v.lines.at(0), Contains("entry 2 was deleted"));
  }
}

}  // namespace
}  // namespace jaga::agenda
