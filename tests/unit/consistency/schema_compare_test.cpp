#include "consistency/schema_compare.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

namespace jaga::consistency {
namespace {

void add(SchemaDefinitions& d, ObjectKind kind, const std::string& name, const std::string& table,
         const std::string& definition) {
  d.objects[{kind, name}] = SchemaObject{kind, name, table, definition};
}

// siak.t (id INT key, nama VARCHAR(60), nilai DECIMAL(10,2)) with its primary key.
SchemaDefinitions people() {
  SchemaDefinitions d;
  add(d, ObjectKind::kTable, "siak.t", "siak.t", "BASE TABLE, engine InnoDB");
  add(d, ObjectKind::kColumn, "siak.t.id", "siak.t", "int(11) NOT NULL");
  add(d, ObjectKind::kColumn, "siak.t.nama", "siak.t", "varchar(60) NOT NULL");
  add(d, ObjectKind::kColumn, "siak.t.nilai", "siak.t", "decimal(10,2) NULL");
  add(d, ObjectKind::kIndex, "siak.t.PRIMARY", "siak.t", "PRIMARY KEY BTREE (id)");
  d.column_order["siak.t"] = {"id", "nama", "nilai"};
  d.column_types["siak.t"] = {
      {"id", "int(11)"}, {"nama", "varchar(60)"}, {"nilai", "decimal(10,2)"}};
  return d;
}

std::vector<std::string> described(const std::vector<SchemaDifference>& differences) {
  std::vector<std::string> out;
  for (const auto& d : differences) out.push_back(d.describe());
  return out;
}

TableSchema people_table() {
  TableSchema t;
  t.schema = "siak";
  t.name = "t";
  t.columns = {Column("id", "int", false), Column("nama", "varchar", false),
               Column("nilai", "decimal")};
  t.key = {0};
  t.key_kind = KeyKind::kPrimary;
  t.key_name = "PRIMARY";
  return t;
}

}  // namespace

TEST_CASE("schema compare: identical definitions have no difference", "[consistency][schema]") {
  CHECK(compare_definitions(people(), people()).empty());
}

TEST_CASE("schema compare: each object present on one side or defined otherwise is named",
          "[consistency][schema]") {
  SchemaDefinitions backup = people();
  backup.objects.erase({ObjectKind::kColumn, "siak.t.nama"});
  backup.column_order["siak.t"] = {"id", "nilai"};
  add(backup, ObjectKind::kColumn, "siak.t.nilai", "siak.t", "decimal(10,3) NULL");
  add(backup, ObjectKind::kTrigger, "siak.salin", "siak.t", "AFTER UPDATE ON siak.t: SET @x = 1");
  const auto differences = compare_definitions(people(), backup);
  CHECK(described(differences) ==
        std::vector<std::string>{
            "column siak.t.nama is missing on the backup (primary: varchar(60) NOT NULL)",
            "column siak.t.nilai differs: primary decimal(10,2) NULL, backup decimal(10,3) NULL",
            "trigger siak.salin exists only on the backup (AFTER UPDATE ON siak.t: SET @x = 1)"});
  CHECK(differences[0].critical());
  CHECK(differences[1].critical());
  CHECK_FALSE(differences[2].critical());
}

TEST_CASE("schema compare: a table on one side is named once, not with each of its parts",
          "[consistency][schema]") {
  SchemaDefinitions backup = people();
  add(backup, ObjectKind::kTable, "siak.siluman", "siak.siluman", "BASE TABLE");
  add(backup, ObjectKind::kColumn, "siak.siluman.nik", "siak.siluman", "char(16) NOT NULL");
  add(backup, ObjectKind::kIndex, "siak.siluman.PRIMARY", "siak.siluman", "PRIMARY KEY (nik)");
  CHECK(described(compare_definitions(people(), backup)) ==
        std::vector<std::string>{"table siak.siluman exists only on the backup (BASE TABLE)"});
}

TEST_CASE("schema compare: the order of the columns both sides hold is compared",
          "[consistency][schema]") {
  SchemaDefinitions backup = people();
  backup.column_order["siak.t"] = {"id", "nilai", "nama"};
  CHECK(described(compare_definitions(people(), backup)) ==
        std::vector<std::string>{"table siak.t (column order) differs: primary id, nama, nilai, "
                                 "backup id, nilai, nama"});
}

TEST_CASE("schema compare: definitions are compared as bytes and shown as UTF-8",
          "[consistency][schema]") {
  SchemaDefinitions primary = people();
  SchemaDefinitions backup = people();
  add(primary, ObjectKind::kRoutine, "siak.p", "", "BEGIN SELECT '\\xc3'; END");
  add(backup, ObjectKind::kRoutine, "siak.p", "", "BEGIN SELECT '\xc3'; END");
  const auto differences = compare_definitions(primary, backup);
  REQUIRE(differences.size() == 1);
  CHECK(to_json(differences[0]).dump() ==
        R"({"backup":"BEGIN SELECT '\\xc3'; END","critical":false,"kind":"routine",)"
        R"("name":"siak.p","primary":"BEGIN SELECT '\\xc3'; END"})");
}

TEST_CASE("schema compare: rows are compared on the columns both sides hold with one type",
          "[consistency][schema]") {
  SchemaDefinitions backup = people();
  backup.column_types["siak.t"].erase("nama");
  backup.column_types["siak.t"]["nilai"] = "decimal(10,3)";
  backup.column_types["siak.t"]["agama"] = "varchar(10)";
  std::vector<std::string> left_out;
  const TableSchema t = common_columns(people_table(), people(), backup, left_out);
  CHECK(left_out == std::vector<std::string>{"nama", "nilai"});
  REQUIRE(t.columns.size() == 1);
  CHECK(t.columns[0].name == "id");
  CHECK(t.key == std::vector<size_t>{0});
  CHECK(t.key_kind == KeyKind::kPrimary);
}

TEST_CASE("schema compare: a table whose key column differs is compared without a key",
          "[consistency][schema]") {
  SchemaDefinitions backup = people();
  backup.column_types["siak.t"]["id"] = "bigint(20)";
  std::vector<std::string> left_out;
  const TableSchema t = common_columns(people_table(), people(), backup, left_out);
  CHECK(left_out == std::vector<std::string>{"id"});
  CHECK(t.key.empty());
  CHECK(t.key_kind == KeyKind::kNone);
  CHECK(t.columns.size() == 2);
}

}  // namespace jaga::consistency
