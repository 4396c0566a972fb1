// g++ 12 at -O2 with the sanitizers reports a false -Wmaybe-uninitialized inside libstdc++'s
// <regex>, which Catch2's main instantiates; this file holds nothing else to protect.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
