"""The office's TOML config: every mistake is a ConfigError in Indonesian naming the key, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from sopgen.config import load_config
from sopgen.errors import ConfigError

REPO = Path(__file__).resolve().parents[1]
SHIPPED = (REPO / "templates" / "config.toml").read_text(encoding="utf-8")
# Words of Python or of its TOML parser that must never reach the clerk.
FOREIGN = ("Traceback", "Error", "Expected", "Invalid", "Unterminated", "Cannot", "dict", "list", " str",
           " int", "NoneType", "line ", "column ")


def config_file(tmp_path: Path, old: str = "", new: str = "", *, before: str = "") -> Path:
    """The shipped config with its first `old` replaced by `new` and `before` added at the top."""
    text = SHIPPED
    if old:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / "config.toml"
    path.write_text(before + text, encoding="utf-8")
    return path


def refusal(path: Path) -> str:
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    message = caught.value.message
    assert not [word for word in FOREIGN if word in message], message
    return message


def test_the_shipped_config_loads(tmp_path: Path) -> None:
    config = load_config(config_file(tmp_path))
    assert config.user_id("198001012005011001") == "198001012005011001"
    assert (config.password_length, config.manual_password, config.check_attachments) == (12, False, True)
    assert config.attachments_folder == Path("input/lampiran") and config.step_deadlines == {2: 1}


@pytest.mark.parametrize(("old", "new", "expected"), [
    ('user_id = "{nip}"', 'user_id = "{nipp}"', "'akun.user_id' memakai {nipp}, yang tidak dikenal"),
    ('user_id = "{nip}"', 'user_id = "pokja"', "'akun.user_id' harus memuat {nip} utuh"),
    ('user_id = "{nip}"', 'user_id = "{nip[0]}"', "'akun.user_id' harus memuat {nip} utuh"),
    ('user_id = "{nip}"', 'user_id = "{nip:d}"', "'akun.user_id' tidak valid: periksa kurung kurawal"),
    ('user_id = "{nip}"', 'user_id = "{nip"', "'akun.user_id' tidak valid: periksa kurung kurawal"),
    ('user_id = "{nip}"', "user_id = 1", "'akun.user_id' harus berupa teks dalam tanda kutip"),
])
def test_a_user_id_rule_that_cannot_give_each_member_an_id_is_refused_at_load(
        tmp_path: Path, old: str, new: str, expected: str) -> None:
    assert expected in refusal(config_file(tmp_path, old, new))


def test_a_user_id_rule_around_the_nip_is_kept(tmp_path: Path) -> None:
    config = load_config(config_file(tmp_path, 'user_id = "{nip}"', 'user_id = "pokja.{nip}"'))
    assert config.user_id("198001012005011001") == "pokja.198001012005011001"


@pytest.mark.parametrize(("new", "expected"), [
    ('panjang_kata_sandi = "x"', "'akun.panjang_kata_sandi' harus berupa bilangan bulat tanpa tanda kutip"),
    ('panjang_kata_sandi = "12"', "(bukan teks), misalnya panjang_kata_sandi = 12"),
    ("panjang_kata_sandi = true", "(bukan true/false)"),
    ("panjang_kata_sandi = 12.5", "(bukan bilangan)"),
    ("panjang_kata_sandi = 6", "'akun.panjang_kata_sandi' harus antara 8 dan 64 karakter, bukan 6"),
    ("panjang_kata_sandi = 100000000", "harus antara 8 dan 64"),
])
def test_a_password_length_that_is_no_sensible_number_is_refused(tmp_path: Path, new: str, expected: str) -> None:
    assert expected in refusal(config_file(tmp_path, "panjang_kata_sandi = 12", new))


@pytest.mark.parametrize(("alphabet", "expected"), [
    ("ABCDEFGHJK", "'akun.alfabet_kata_sandi' hanya 10 karakter; perlu paling sedikit 20"),
    ("ABCDEFGHJKMNPQRSTUVW XYZ", "sulit dibaca atau diketik (' ')"),
    ("ABCDEFGHJKMNPQRSTUVWXYZé", "sulit dibaca atau diketik ('é')"),
    ("AABCDEFGHJKMNPQRSTUVWXYZ", "karakter yang sama lebih dari sekali (A)"),
])
def test_a_weak_or_unprintable_password_alphabet_is_refused(tmp_path: Path, alphabet: str, expected: str) -> None:
    old = 'alfabet_kata_sandi = "ABCDEFGHJKMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789"'
    assert expected in refusal(config_file(tmp_path, old, f'alfabet_kata_sandi = "{alphabet}"'))


@pytest.mark.parametrize("table", ["akun", "lampiran", "hari_kerja"])
def test_an_optional_table_written_as_a_value_is_refused(tmp_path: Path, table: str) -> None:
    path = config_file(tmp_path, f"[{table}]\n", f"[{table}_lama]\n", before=f"{table} = 1\n")
    message = refusal(path)
    assert f"'{table}' harus berupa tabel [{table}] (bukan bilangan), misalnya judul [{table}] di barisnya" in message


@pytest.mark.parametrize(("old", "new", "expected"), [
    ('folder = "input/lampiran"', "folder = 5", "'lampiran.folder' harus berupa teks dalam tanda kutip"),
    ('folder = "input/lampiran"', 'folder = "  "', "'lampiran.folder' masih kosong"),
    ("periksa = true", 'periksa = "tidak"', "'lampiran.periksa' harus berupa true atau false"),
    ("kata_sandi_manual = false", 'kata_sandi_manual = "false"', "'akun.kata_sandi_manual' harus berupa true"),
    ('kota = "Ponorogo"', "kota = 1",
     "'kantor.kota' harus berupa teks dalam tanda kutip (bukan bilangan), misalnya kota = \"...\""),
    ("dasar = [", 'dasar = "Perpres 16/2018"\nlama = [', "'surat.dasar' harus berupa daftar dalam kurung siku"),
    ("[penandatangan.kepala_lpse]", '[penandatangan]\nkepala_lpse = "Budi"\n[penandatangan_lama]',
     "'penandatangan.kepala_lpse' harus berupa tabel [penandatangan.kepala_lpse]"),
    ("libur_tambahan = [", 'libur_tambahan = 20260101\nlama = [', "'hari_kerja.libur_tambahan' harus berupa daftar"),
    ("libur_tambahan = [", 'libur_tambahan = ["2026-02-30"]\nlama = [', "tanggal yang tidak valid"),
    ('batas_langkah = { "2" = 1 }', "batas_langkah = [1]", "'hari_kerja.batas_langkah' harus berupa tabel"),
    ('batas_langkah = { "2" = 1 }', 'batas_langkah = { "1" = 1 }', "langkah 2, 3 atau 4"),
    ('batas_langkah = { "2" = 1 }', 'batas_langkah = { "2" = -1 }', "langkah 2, 3 atau 4"),
    ('batas_langkah = { "2" = 1 }', 'batas_langkah = { "2" = "satu" }', "langkah 2, 3 atau 4"),
])
def test_a_value_of_the_wrong_kind_is_named_with_its_key_in_plain_words(
        tmp_path: Path, old: str, new: str, expected: str) -> None:
    assert expected in refusal(config_file(tmp_path, old, new))


def test_a_missing_top_level_table_is_named_without_a_stray_dot(tmp_path: Path) -> None:
    path = config_file(tmp_path, "[kantor]\n", "[kantor_lama]\n")
    assert "kunci 'kantor' belum diisi" in refusal(path)


@pytest.mark.parametrize(("new", "expected"), [
    ('format = "{kode}/{nomor}/{tahun}"', "'penomoran.surat_perintah.format' memakai {nomor}, yang tidak dikenal"),
    ('format = "{kode}/{unit}/{tahun}"', "harus memuat {urut}, agar setiap surat mendapat nomor sendiri"),
    ('format = "{urut.x}/{tahun}"', "'penomoran.surat_perintah.format' tidak valid"),
    ('format = "{kode:03d}/{urut}"', "'penomoran.surat_perintah.format' tidak valid"),
])
def test_a_letter_number_format_that_cannot_number_letters_is_refused(
        tmp_path: Path, new: str, expected: str) -> None:
    assert expected in refusal(config_file(tmp_path, 'format = "{kode}/{urut:03d}/{unit}/{tahun}"', new))


def test_a_config_saved_in_another_encoding_is_refused_with_the_line(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(SHIPPED.replace('kota = "Ponorogo"', 'kota = "Ponorogo Kéta"').encode("cp1252"))
    line = SHIPPED.splitlines().index('kota = "Ponorogo"') + 1
    message = refusal(path)
    assert f"bukan teks UTF-8 (baris {line} memuat karakter yang tidak dikenal)" in message
    assert "Simpan ulang berkas itu dengan encoding UTF-8" in message


def test_a_config_saved_as_utf8_with_a_bom_is_read(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b"\xef\xbb\xbf" + SHIPPED.encode("utf-8"))
    assert load_config(path).kantor["kota"] == "Ponorogo"


@pytest.mark.parametrize(("old", "new", "expected"), [
    ('folder = "input/lampiran"', 'folder = "D:\\lampiran"', "garis miring terbalik \\ di dalam tanda kutip"),
    ('kota = "Ponorogo"', 'kota = "Ponorogo', "tanda kutip penutup tidak ada di akhir baris"),
    ('kota = "Ponorogo"', "kota = Ponorogo", "nilai tidak sah: teks harus di dalam tanda kutip"),
    ('kota = "Ponorogo"', 'kota "Ponorogo"', "tanda = tidak ada sesudah nama kunci"),
    ("[lampiran]", "[lampiran", "kurung siku penutup ] pada judul tabel tidak ada"),
    ("[hari_kerja]", "[lampiran]", "judul tabel yang sama ditulis dua kali"),
])
def test_broken_toml_is_explained_in_indonesian_with_its_line(tmp_path: Path, old: str, new: str,
                                                              expected: str) -> None:
    path = config_file(tmp_path, old, new)
    line = SHIPPED.splitlines().index(old) + 1
    message = refusal(path)
    assert f"tidak dapat dibaca di baris {line}, kolom " in message and expected in message
    assert f"Baris itu: {new}" in message


def test_broken_toml_found_only_at_the_end_is_still_explained(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(SHIPPED + 'catatan = "tanpa penutup', encoding="utf-8")
    message = refusal(path)
    assert "tanda kutip pembuka tidak ditutup" in message and "akhir berkas" in message


def test_a_folder_given_as_config_is_refused_plainly(tmp_path: Path) -> None:
    assert "adalah folder, bukan berkas konfigurasi" in refusal(tmp_path)


def test_a_bad_config_on_the_command_line_exits_2_without_a_traceback(tmp_path: Path) -> None:
    path = config_file(tmp_path, "[akun]\n", "[akun_lama]\n", before="akun = 1\n")
    done = subprocess.run([sys.executable, "-m", "sopgen", "check-templates", "--config", str(path)],
                          capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert done.returncode == 2
    assert "Traceback" not in done.stdout + done.stderr
    assert "'akun' harus berupa tabel [akun]" in done.stdout + done.stderr


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("panjang_kata_sandi = 12", "panjang_katasandi = 12", "'panjang_katasandi' di [akun] tidak dikenal sopgen. "
                                                          "Mungkin maksudnya 'panjang_kata_sandi'?"),
    ('pencacah = "per_jenis"', 'pencacah_nomor = "bersama"', "Mungkin maksudnya 'pencacah'?"),
    ('tanggal_serah_terima = "kosong"', 'tanggal_serahterima = "surat"', "[surat]"),
    ('format = "{kode}/{urut:03d}/DISP/{unit}/{tahun}"',
     'format = "{kode}/{urut:03d}/DISP/{unit}/{tahun}"\nkode_unit = "LPSE"', "[penomoran.lembar_disposisi]"),
])
def test_a_misspelt_key_is_refused_not_silently_replaced_by_its_default(tmp_path: Path, old: str, new: str,
                                                                        expected: str) -> None:
    assert expected in refusal(config_file(tmp_path, old, new))


def test_offices_may_add_their_own_kantor_fields(tmp_path: Path) -> None:
    path = config_file(tmp_path, '[kantor]\n', '[kantor]\nsitus = "https://ponorogo.go.id"\n')
    assert load_config(path).kantor["situs"] == "https://ponorogo.go.id"
