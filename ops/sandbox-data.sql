-- ops/sandbox-data.sql - synthetic civil-registry data for the jaga sandbox.
--
-- Creates the schema `siak` with the shape of a population database (SIAK) and fills it with
-- deterministic, entirely made-up people: no real person is in it, and every run with the same
-- row count produces identical rows (no NOW(), no RAND(): every value is cut from MD5 digests of
-- the row number, so attributes are well mixed and independent of each other). Rows are
-- generated inside the server with the SEQUENCE engine (seq_0_to_N), so there is no dependency
-- on Python or data files; 100,000 people load in about 2 seconds.
--
-- usage (on the PRIMARY only; the rows replicate to the backup):
--   { echo 'SET @rows = 250000;'; cat ops/sandbox-data.sql; } | mariadb -S DIR/primary/sock -uroot
--   mariadb -S DIR/primary/sock -uroot < ops/sandbox-data.sql        # default 100,000 people
--
-- WARNING: drops and recreates the database `siak`. Never run it against a real office server.
--
-- Tables:
--   siak.ref_desa       235 villages (desa/kelurahan) in 19 districts (kecamatan) of a
--                       regency with code 3322; kode_desa = 3322 KK DDD (9 digits, fits INT).
--   siak.biodata_wni    one row per person. NIK = '3322' + 12 digits of (i*7919 mod 10^12);
--                       7919 is prime, so the NIK is unique for every i < 10^12.
--   siak.data_keluarga  one family card (Kartu Keluarga) per three people, person 3k being the
--                       head; No. KK = '3322' + 12 digits of (k*104729 mod 10^12), k = i DIV 3.
--                       Members share the family's address, RT/RW and village.
-- Code columns (jenis_klmin, gol_drh, agama, stat_kwn, pekerjaan) hold SIAK-style numeric codes.
--
-- biodata_wni is filled under a staging name and renamed at the very end, so the existence of
-- siak.biodata_wni means the load completed (ops/sandbox relies on that to skip a reload).

SET @rows = COALESCE(@rows, 100000);
SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_DATE,NO_ENGINE_SUBSTITUTION';
-- Materialize derived tables, so each digest below is computed once per row, not once per use.
SET SESSION optimizer_switch = 'derived_merge=off';

DROP DATABASE IF EXISTS siak;
CREATE DATABASE siak CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;
USE siak;

CREATE TABLE ref_desa (
  kode_desa INT NOT NULL PRIMARY KEY,
  nama_desa VARCHAR(60) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE data_keluarga (
  no_kk CHAR(16) NOT NULL PRIMARY KEY,
  nama_kep VARCHAR(60) NOT NULL,
  alamat VARCHAR(120),
  no_rt SMALLINT,
  no_rw SMALLINT,
  kode_desa INT,
  updated_at DATETIME
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE biodata_wni_loading (
  nik CHAR(16) NOT NULL PRIMARY KEY,
  no_kk CHAR(16) NOT NULL,
  nama_lgkp VARCHAR(60) NOT NULL,
  tmpt_lhr VARCHAR(40),
  tgl_lhr DATE,
  jenis_klmin TINYINT,
  gol_drh TINYINT,
  agama TINYINT,
  stat_kwn TINYINT,
  pekerjaan SMALLINT,
  alamat VARCHAR(120),
  no_rt SMALLINT,
  no_rw SMALLINT,
  kode_desa INT,
  updated_at DATETIME,
  KEY (no_kk)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Random-looking numbers: H(d, n, w) = the w hex digits of digest d starting at digit n, as an
-- integer (w = 4 gives 0..65535). Written out inline below as CONV(SUBSTR(d, n, w), 16, 10).

-- 235 villages: index d = 0..234 -> district 1 + d MOD 19, village number 1 + d DIV 19.
INSERT INTO ref_desa (kode_desa, nama_desa)
SELECT 332200000 + (1 + v.d MOD 19) * 1000 + (1 + v.d DIV 19),
       CONCAT(ELT(1 + CONV(SUBSTR(v.h, 1, 4), 16, 10) MOD 12, 'KALI', 'SUMBER', 'KARANG', 'WONO',
                  'GUNUNG', 'TEGAL', 'SIDO', 'BANYU', 'JATI', 'NGRAMPAL', 'PAKIS', 'KEBON'),
              ELT(1 + CONV(SUBSTR(v.h, 5, 4), 16, 10) MOD 12, 'REJO', 'SARI', 'MULYO', 'ASRI',
                  'JATI', 'AGUNG', 'WANGI', 'KULON', 'WETAN', 'LOR', 'KIDUL', 'MAKMUR'))
FROM (SELECT seq AS d, MD5(CONCAT('desa-', seq)) AS h FROM seq_0_to_234) AS v;

-- Word list (connection-local, not replicated): 4096 words of two or three syllables.
-- Names and street names are made of these words.
SET @suku = 'ba,bu,di,sri,wa,ti,na,ra,ko,su,har,to,yo,ni,ma,wan,dar,ji,lan,ang,pur,se,tyo,ning';
CREATE TEMPORARY TABLE kata (id SMALLINT NOT NULL PRIMARY KEY, kata VARCHAR(16) NOT NULL);
INSERT INTO kata (id, kata)
SELECT w.id,
       UPPER(CONCAT(
         SUBSTRING_INDEX(SUBSTRING_INDEX(@suku, ',', 1 + CONV(SUBSTR(w.h, 1, 4), 16, 10) MOD 24), ',', -1),
         SUBSTRING_INDEX(SUBSTRING_INDEX(@suku, ',', 1 + CONV(SUBSTR(w.h, 5, 4), 16, 10) MOD 24), ',', -1),
         IF(CONV(SUBSTR(w.h, 9, 4), 16, 10) MOD 3 = 0,
            SUBSTRING_INDEX(SUBSTRING_INDEX(@suku, ',', 1 + CONV(SUBSTR(w.h, 13, 4), 16, 10) MOD 24), ',', -1),
            '')))
FROM (SELECT seq AS id, MD5(CONCAT('kata-', seq)) AS h FROM seq_0_to_4095) AS w;

-- People, in chunks of 50,000 (one transaction each, so the backup applies one chunk while the
-- primary generates the next). Person i belongs to family k = i DIV 3. Digest a: personal
-- attributes, b: name and last update, c: the family's address (shared by its members).
DELIMITER //
BEGIN NOT ATOMIC
  DECLARE chunk BIGINT DEFAULT 50000;
  SET @lo = 0;
  WHILE @lo < @rows DO
    SET @hi = LEAST(@lo + chunk, @rows);
    INSERT INTO biodata_wni_loading
    SELECT CONCAT('3322', LPAD(p.i * 7919 MOD 1000000000000, 12, '0')),
           CONCAT('3322', LPAD(p.k * 104729 MOD 1000000000000, 12, '0')),
           CONCAT_WS(' ', n1.kata, IF(p.nw >= 2, n2.kata, NULL), IF(p.nw >= 3, n3.kata, NULL)),
           ELT(1 + CONV(SUBSTR(p.a, 5, 4), 16, 10) MOD 8, 'UNGARAN', 'AMBARAWA', 'SEMARANG',
               'SALATIGA', 'BAWEN', 'TUNTANG', 'BANDUNGAN', 'BOYOLALI'),
           DATE '1940-01-01' + INTERVAL CONV(SUBSTR(p.a, 9, 4), 16, 10) MOD 30000 DAY,
           1 + CONV(SUBSTR(p.a, 13, 4), 16, 10) MOD 2,
           1 + CONV(SUBSTR(p.a, 17, 4), 16, 10) MOD 13,
           CASE WHEN p.ag < 87 THEN 1 WHEN p.ag < 94 THEN 2 WHEN p.ag < 97 THEN 3
                WHEN p.ag < 99 THEN 4 ELSE 5 END,
           1 + CONV(SUBSTR(p.a, 25, 4), 16, 10) MOD 4,
           1 + CONV(SUBSTR(p.a, 29, 4), 16, 10) MOD 89,
           CONCAT('JL. ', jl.kata, ' NO. ', 1 + CONV(SUBSTR(p.c, 5, 4), 16, 10) MOD 200),
           1 + CONV(SUBSTR(p.c, 9, 4), 16, 10) MOD 15,
           1 + CONV(SUBSTR(p.c, 13, 4), 16, 10) MOD 10,
           332200000 + (1 + p.d MOD 19) * 1000 + (1 + p.d DIV 19),
           TIMESTAMP '2025-01-01 00:00:00'
             + INTERVAL CONV(SUBSTR(p.b, 13, 8), 16, 10) MOD 51840000 SECOND
    FROM (SELECT q.*,
                 CASE WHEN CONV(SUBSTR(q.a, 1, 4), 16, 10) MOD 10 < 2 THEN 1
                      WHEN CONV(SUBSTR(q.a, 1, 4), 16, 10) MOD 10 < 7 THEN 2 ELSE 3 END AS nw,
                 CONV(SUBSTR(q.a, 21, 4), 16, 10) MOD 100 AS ag,
                 CONV(SUBSTR(q.c, 17, 4), 16, 10) MOD 235 AS d
          FROM (SELECT seq AS i, seq DIV 3 AS k,
                       MD5(CONCAT('orang-', seq)) AS a,
                       MD5(CONCAT('nama-', seq)) AS b,
                       MD5(CONCAT('keluarga-', seq DIV 3)) AS c
                FROM seq_0_to_4294967294 WHERE seq >= @lo AND seq < @hi) AS q) AS p
    JOIN kata n1 ON n1.id = CONV(SUBSTR(p.b, 1, 4), 16, 10) MOD 4096
    JOIN kata n2 ON n2.id = CONV(SUBSTR(p.b, 5, 4), 16, 10) MOD 4096
    JOIN kata n3 ON n3.id = CONV(SUBSTR(p.b, 9, 4), 16, 10) MOD 4096
    JOIN kata jl ON jl.id = CONV(SUBSTR(p.c, 1, 4), 16, 10) MOD 4096
    ORDER BY 1;
    SET @lo = @hi;
  END WHILE;
END //
DELIMITER ;

-- Families: the head of family k is person 3k, whose row carries the family's address.
INSERT INTO data_keluarga (no_kk, nama_kep, alamat, no_rt, no_rw, kode_desa, updated_at)
SELECT b.no_kk, b.nama_lgkp, b.alamat, b.no_rt, b.no_rw, b.kode_desa, b.updated_at
FROM seq_0_to_4294967294 AS f
JOIN biodata_wni_loading AS b
  ON b.nik = CONCAT('3322', LPAD(f.seq * 3 * 7919 MOD 1000000000000, 12, '0'))
WHERE f.seq < (@rows + 2) DIV 3
ORDER BY b.no_kk;

DROP TEMPORARY TABLE kata;
RENAME TABLE biodata_wni_loading TO biodata_wni;
