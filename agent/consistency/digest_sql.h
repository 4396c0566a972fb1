// The SQL the consistency engine (and the backup's part digests) run, built from a TableSchema.
// Pure text building, no I/O.
//
// The row digest (the same bytes on both paths; docs/consistency.md, "The row digest"):
//   every column, in table order, is rendered as a binary string v = value_sql(column):
//   CAST(c AS BINARY), with FLOAT first cast to DOUBLE (MariaDB prints a FLOAT with six digits).
//   Text comes out in the bytes of the column's own character set, numbers and temporal values
//   in the server's text form, BLOB/BIT/spatial values as their bytes. Each v is encoded as
//   'N' when NULL, else 'V', its byte length as 10 decimal digits, and its bytes; the row's
//   digest is MD5 (128 bits) of the concatenation of every column's encoding. The encoding is
//   injective: NULL, '' and 'NULL' differ, and no byte can move from one column to the next.
//   A chunk's digest is COUNT(*) and the two 64-bit halves of the row digests, each summed modulo
//   2^64. A sum is not linear over GF(2) as BIT_XOR of CRC32 is: the same change on two rows, a
//   swap of values between rows, or a duplicated row changes it; two different multisets of
//   rows collide only when the MD5 sums collide (about 2^-64 per differing chunk for changes
//   nobody crafted; MD5 is not a defence against someone who edits the backup on purpose).
//   jaga can compute exactly the same digest from the streamed values of digest_values_sql()
//   (digester.h), so either side may be digested by SQL or by the agent.
//
// Chunk boundaries follow the key's own order (the order of ORDER BY key): every key column is
// selected and compared in a form the server orders and compares the same way (key_select_sql,
// key_literal): integers and DECIMAL as unquoted numbers, ENUM, SET and BIT by their numeric
// value (col+0; ORDER BY sorts them by it, while a quoted label compares as text), text as its
// bytes with the column's character set and collation spelt out, binary strings as hex, temporal
// values quoted. FLOAT and DOUBLE columns (whose printed value need not round-trip) and other
// types are never chosen as a chunk key (table_schema.cpp).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "consistency/table_schema.h"

namespace jaga::consistency {

// A key value as key_select_sql() gives it, one string per key column (key columns are NOT NULL).
using KeyValue = std::vector<std::string>;
// Quotes a value as an SQL string literal for the connection the SQL will run on.
using Quote = std::function<std::string(std::string_view)>;

// `name` quoted as an SQL identifier.
std::string identifier(std::string_view name);

// ---- keys --------------------------------------------------------------------------------------

// Whether a column of this type can order chunks: its printed value, given back as key_literal(),
// compares exactly as ORDER BY orders the column.
bool chunkable_key_type(const Column& column);
// The key columns in the form key_literal() reads back, comma-separated.
std::string key_select_sql(const TableSchema& table);
// A key column's value (as key_select_sql gave it) as an SQL literal that compares in the
// column's own order.
std::string key_literal(const Column& column, std::string_view value, const Quote& quote);

// "k1 > v1 OR (k1 = v1 AND k2 > v2) ..." with a leading "k1 >= v1 AND" to help the optimizer;
// exclusive lower bound `lo`, inclusive upper bound `hi`; both optional. "1=1" when both absent.
std::string key_range_sql(const TableSchema& table, const std::optional<KeyValue>& lo,
                          const std::optional<KeyValue>& hi, const Quote& quote);

// The key of the `rows`-th row after `lo` in key order (the inclusive upper bound of a chunk of
// that many rows); no row means the chunk runs to the end of the table.
std::string chunk_end_sql(const TableSchema& table, const std::optional<KeyValue>& lo, int64_t rows,
                          const Quote& quote);

// ---- the exact digest --------------------------------------------------------------------------

// A column's value as the digest encodes it (a binary string, NULL when the value is NULL).
std::string value_sql(const Column& column);
// The row digest: MD5 (32 lower-case hex digits) of the encoding of every column.
std::string row_md5_sql(const TableSchema& table);

// COUNT(*), the two halves of the chunk digest (decimal), and the number of rows the server could
// not digest (a row longer than max_allowed_packet makes CONCAT NULL; the caller must refuse a
// chunk where that is not 0). For the rows in (lo, hi]; for a keyless table, of the whole table.
std::string chunk_digest_sql(const TableSchema& table, const std::optional<KeyValue>& lo,
                             const std::optional<KeyValue>& hi, const Quote& quote);
// The chunk digest as both digesters spell it: "<sum of high halves>:<sum of low halves>".
std::string chunk_digest_value(uint64_t high_sum, uint64_t low_sum);

// Every row's key columns followed by its digest, for rows in (lo, hi]. For a keyless table: each
// distinct row digest and how many rows have it.
std::string row_digests_sql(const TableSchema& table, const std::optional<KeyValue>& lo,
                            const std::optional<KeyValue>& hi, const Quote& quote);

// Key columns and digest of the rows whose keys are listed. REQUIRES: !keys.empty().
std::string rows_by_key_sql(const TableSchema& table, const std::vector<KeyValue>& keys,
                            const Quote& quote);

// For digests computed by jaga: value_sql() of every column in table order, then the key columns
// as key_select_sql() gives them, of the rows in (lo, hi]; with `limit` > 0 the first `limit`
// rows after lo in key order.
std::string digest_values_sql(const TableSchema& table, const std::optional<KeyValue>& lo,
                              const std::optional<KeyValue>& hi, int64_t limit, const Quote& quote);
// The same columns for the rows whose keys are listed. REQUIRES: !keys.empty().
std::string digest_values_by_key_sql(const TableSchema& table, const std::vector<KeyValue>& keys,
                                     const Quote& quote);

// ---- backups -----------------------------------------------------------------------------------

// Every column of the row in table order (FLOAT through DOUBLE), of the rows in (lo, hi]; with
// `limit` > 0 the first `limit` rows after lo in key order. What `jaga backup` dumps.
std::string row_values_sql(const TableSchema& table, const std::optional<KeyValue>& lo,
                           const std::optional<KeyValue>& hi, int64_t limit, const Quote& quote);

// COUNT(*) and the CRC32 digest (BIT_XOR, or SUM for a keyless table) of the rows in (lo, hi], as
// backup manifests of earlier builds ("digest": "crc32") recorded them. Not for consistency.
std::string crc32_chunk_digest_sql(const TableSchema& table, const std::optional<KeyValue>& lo,
                                   const std::optional<KeyValue>& hi, const Quote& quote);

}  // namespace jaga::consistency
