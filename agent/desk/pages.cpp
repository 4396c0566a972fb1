#include "desk/pages.h"

#include <map>

namespace jaga::desk {
namespace {

constexpr const char* kLayout = R"html(<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{title}} — jaga</title>
<style>
body{font-family:"DejaVu Sans",Arial,sans-serif;margin:0;color:#1a1a1a;background:#f4f5f7}
header{background:#17365d;color:#fff;padding:8px 24px;display:flex;gap:24px;align-items:center}
header a{color:#fff;text-decoration:none}header form{margin-left:auto}
main{max-width:1280px;margin:16px auto;padding:0 24px}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{border:1px solid #c8ccd2;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#e6e9ee}.terlambat{color:#a50000;font-weight:bold}.tepat{color:#185c18}
.ok,.st-ok{background:#d7f0d7}.st-warn{background:#fbeeb8}.st-crit{background:#f7c6c6}
.st-unknown{background:#dcdcdc}.gagal{background:#f7d4d4}.pesan{padding:8px;border:1px solid #c8ccd2;background:#fff}
form.aksi{background:#fff;border:1px solid #c8ccd2;padding:8px;margin:8px 0}
label{display:block;margin:4px 0}textarea{width:100%;min-height:4em}
iframe{width:100%;height:560px;border:1px solid #c8ccd2}
@media print{header,form{display:none}body{background:#fff}main{margin:0}}
</style></head><body>
<header><strong>jaga</strong>
{{#user}}<a href="/kotak-masuk">Kotak Masuk</a><a href="/daftar">Daftar Laporan</a>
<a href="/agenda">Buku Agenda</a><a href="/status">Status Server</a>{{/user}}
<a href="/verifikasi">Verifikasi Dokumen</a>
{{#user}}<form method="post" action="/keluar"><input type="hidden" name="csrf" value="{{csrf}}">
{{user}} ({{role}}) <button type="submit">Keluar</button></form>{{/user}}
</header><main><h1>{{title}}</h1>
{{{body}}}
</main></body></html>
)html";

const std::map<std::string, std::string>& templates() {
  static const std::map<std::string, std::string> kTemplates = {
      {"pesan", R"html(<p class="pesan">{{message}}</p>
{{#back}}<p><a href="{{back}}">Kembali</a></p>{{/back}})html"},
      {"masuk", R"html({{#message}}<p class="pesan gagal">{{message}}</p>{{/message}}
<form method="post" action="/masuk" class="aksi"><input type="hidden" name="csrf" value="{{login_csrf}}">
<label>Nama pengguna <input name="user" autocomplete="username" required></label>
<label>Kata sandi <input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">Masuk</button></form>)html"},
      {"kotak_masuk", R"html(<h2>Menunggu tindakan Anda</h2>
{{^has_mine}}<p>Tidak ada laporan yang menunggu tindakan Anda.</p>{{/has_mine}}
{{#has_mine}}<table><tr><th>Nomor</th><th>Periode</th><th>Langkah</th><th>Standar</th><th>Sisa waktu</th></tr>
{{#mine}}<tr><td><a href="{{link}}">{{number}}</a></td><td>{{period}}</td><td>{{step}}</td>
<td>{{standard}}</td><td class="{{time_class}}">{{time_left}}</td></tr>{{/mine}}</table>{{/has_mine}}
<h2>Laporan lain (hanya baca)</h2>
<table><tr><th>Nomor</th><th>Periode</th><th>Keadaan</th><th>Menunggu</th></tr>
{{#others}}<tr><td><a href="{{link}}">{{number}}</a></td><td>{{period}}</td><td>{{state}}</td><td>{{waiting}}</td></tr>{{/others}}
</table>)html"},
      {"laporan", R"html({{#message}}<p class="pesan">{{message}}</p>{{/message}}
<p>Periode {{period}} · keadaan: <strong>{{state}}</strong> · versi {{version}}</p>
{{#return_note}}<p class="pesan gagal">Dikembalikan: {{return_note}}</p>{{/return_note}}
{{#can_finalize}}<form method="post" action="/aksi" class="aksi"><h2>Finalisasi</h2>
<input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="nomor" value="{{number}}">
<input type="hidden" name="aksi" value="finalize">
{{#note_required}}<p class="pesan">Catatan wajib diisi karena {{note_required}}.</p>
<label>Catatan (wajib) <textarea name="catatan" required></textarea></label>{{/note_required}}
{{^note_required}}<label>Catatan <textarea name="catatan"></textarea></label>{{/note_required}}
<label>Passphrase kunci tanda tangan <input type="password" name="passphrase" autocomplete="off" required></label>
<button type="submit">Finalisasi dan tandatangani</button></form>{{/can_finalize}}
{{#can_receive}}<form method="post" action="/aksi" class="aksi"><h2>Terima</h2>
<input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="nomor" value="{{number}}">
<input type="hidden" name="aksi" value="receive">
<label>Passphrase kunci tanda tangan <input type="password" name="passphrase" autocomplete="off" required></label>
<button type="submit">Terima dan tandatangani</button></form>{{/can_receive}}
{{#can_return}}<form method="post" action="/aksi" class="aksi"><h2>Kembalikan dengan catatan</h2>
<input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="nomor" value="{{number}}">
<input type="hidden" name="aksi" value="return">
<label>Catatan (wajib) <textarea name="catatan" required></textarea></label>
<label>Passphrase kunci tanda tangan <input type="password" name="passphrase" autocomplete="off" required></label>
<button type="submit">Kembalikan</button></form>{{/can_return}}
<h2>Dokumen</h2><iframe src="{{pdf_link}}" title="Laporan {{number}}"></iframe>
<p><a href="{{pdf_link}}">PDF</a> · <a href="{{json_link}}">Data JSON</a></p>
<h2>Riwayat langkah</h2><table><tr><th>Versi</th><th>Langkah</th><th>Tindakan</th><th>Peran</th><th>Penandatangan</th><th>Waktu</th><th>Catatan</th></tr>
{{#steps}}<tr><td>{{version}}</td><td>{{step}}</td><td>{{action}}</td><td>{{role}}</td><td>{{signer}}</td><td>{{at}}</td><td>{{note}}</td></tr>{{/steps}}</table>
<h2>Versi</h2><table><tr><th>Versi</th><th>Dibuat</th><th>Alasan</th><th>SHA-256 PDF</th></tr>
{{#versions}}<tr><td>{{version}}</td><td>{{created_at}}</td><td>{{reason}}</td><td><code>{{sha256}}</code></td></tr>{{/versions}}</table>)html"},
      {"daftar", R"html(<p>Waktu kerja: {{working_hours}}. Cetak dengan Ctrl+P.</p>
<table><tr><th>Nomor</th><th>Jenis</th><th>Periode</th><th>Versi</th><th>Keadaan</th><th>Menunggu</th><th>Terlambat</th></tr>
{{#rows}}<tr><td><a href="{{link}}">{{number}}</a></td><td>{{kind}}</td><td>{{period}}</td><td>{{version}}</td><td>{{state}}</td><td>{{waiting}}</td><td class="{{late_class}}">{{late}}</td></tr>{{/rows}}</table>)html"},
      {"agenda", R"html(<p class="pesan {{verdict_class}}"><strong>{{verdict}}</strong></p>
{{#has_problems}}<ul>{{#problems}}<li>{{.}}</li>{{/problems}}</ul>{{/has_problems}}
<table><tr><th>No.</th><th>Nomor agenda</th><th>Dicatat</th><th>Laporan</th><th>Periode</th><th>Penandatangan</th><th>SHA-256 dokumen</th></tr>
{{#entries}}<tr><td>{{position}}</td><td>{{agenda_number}}</td><td>{{recorded_at}}</td><td><a href="{{link}}">{{report}}</a></td><td>{{period}}</td><td>{{signers}}</td><td><code>{{sha256}}</code></td></tr>{{/entries}}</table>)html"},
      {"status",
       R"html(<p>Dari penyimpanan bukti, {{now}}. Halaman ini tidak pernah menghubungi basis data kependudukan.</p>
<h2>Status terkini</h2>{{^has_latest}}<p class="pesan st-unknown">Tanpa data: belum ada hasil pemeriksaan.</p>{{/has_latest}}
<table><tr><th>Pemeriksaan</th><th>Host</th><th>Status</th><th>Waktu</th><th>Ringkasan</th><th>Sumber</th></tr>
{{#latest}}<tr class="{{class}}"><td>{{check}}</td><td>{{host}}</td><td><strong>{{status}}</strong></td><td>{{at}}</td><td>{{summary}}</td><td>{{pulled}}</td></tr>{{/latest}}</table>
<h2>24 jam terakhir (jumlah hasil)</h2><table><tr><th>Pemeriksaan</th><th>Host</th><th>Normal</th><th>Peringatan</th><th>Kritis</th><th>Tidak diketahui</th></tr>
{{#day}}<tr><td>{{check}}</td><td>{{host}}</td><td class="st-ok">{{ok}}</td><td class="st-warn">{{warn}}</td><td class="st-crit">{{crit}}</td><td class="st-unknown">{{unknown}}</td></tr>{{/day}}</table>
<h2>Cadangan dan uji pemulihan</h2><table><tr><th>Host</th><th>Status</th><th>Waktu</th><th>Ringkasan</th></tr>
{{#backups}}<tr class="{{class}}"><td>{{host}}</td><td>{{status}}</td><td>{{at}}</td><td>{{summary}}</td></tr>{{/backups}}</table>
<h2>Pemeriksaan konsistensi terakhir</h2><table><tr><th>Host</th><th>Status</th><th>Waktu</th><th>Ringkasan</th></tr>
{{#consistency}}<tr class="{{class}}"><td>{{host}}</td><td>{{status}}</td><td>{{at}}</td><td>{{summary}}</td></tr>{{/consistency}}</table>)html"},
      {"verifikasi", R"html(<form method="get" action="/verifikasi" class="aksi">
<label>Nomor laporan <input name="nomor" value="{{number}}"></label>
<label>Versi <input name="versi" value="{{version}}" size="4"></label>
<button type="submit">Periksa</button></form>
<form method="post" action="/verifikasi" enctype="multipart/form-data" class="aksi">
<label>Atau unggah berkas PDF <input type="file" name="berkas" accept="application/pdf"></label>
<button type="submit">Periksa berkas</button></form>
{{#checked}}<p class="pesan {{verdict_class}}"><strong>{{verdict}}</strong></p>
<table><tr><th>Tercatat oleh jaga</th><td>{{recorded}}</td></tr>
<tr><th>Nomor laporan</th><td>{{report}}</td></tr><tr><th>Versi</th><td>{{report_version}}</td></tr>
<tr><th>Versi terakhir</th><td>{{latest}}</td></tr><tr><th>Nomor agenda</th><td>{{agenda_number}}</td></tr>
<tr><th>Daftar laporan</th><td>{{register}}</td></tr></table>
<h2>Penandatangan</h2><table><tr><th>No.</th><th>Nama</th><th>Peran</th><th>Waktu</th><th>Sah</th></tr>
{{#signatures}}<tr><td>{{index}}</td><td>{{name}}</td><td>{{role}}</td><td>{{at}}</td><td>{{valid}}</td></tr>{{/signatures}}</table>
{{#has_problems}}<h2>Masalah (rincian teknis)</h2><ul>{{#problems}}<li>{{.}}</li>{{/problems}}</ul>{{/has_problems}}{{/checked}})html"},
  };
  return kTemplates;
}

}  // namespace

std::string render_page(const std::string& page, const std::string& title, const PageData& data) {
  kainjow::mustache::mustache body_template(templates().at(page));
  const std::string body = body_template.render(data);
  PageData layout = data;
  layout.set("title", title);
  layout.set("body", body);
  kainjow::mustache::mustache outer(kLayout);
  return outer.render(layout);
}

}  // namespace jaga::desk
