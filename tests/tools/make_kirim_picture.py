"""The README's picture of the send page: templates/contoh/gambar/kirim.png (run by hand; committed).

Issues the sample members (one of them with an office line, one already handed over) in a temporary
project folder under the shipped config as an office fills it in, writes their send page, clicks one
WhatsApp button in headless Chromium, and photographs the whole page 1366 pixels wide, the clerk's screen.
"""

from __future__ import annotations

import base64
import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from click.testing import CliRunner  # noqa: E402

from sopgen.cli import cli  # noqa: E402
from tests.browser import Browser  # noqa: E402
from tests.configs import write_confirmed_config  # noqa: E402
from tests.members import member, write_members  # noqa: E402

TARGET = REPO / "templates" / "contoh" / "gambar" / "kirim.png"
PEOPLE = [
    ("Bambang Sutrisno, S.T., M.T.", "19780412 200312 1 004", "0812-3456-7801"),
    ("Sri Wahyuningsih, S.E.", "19850723 201001 2 015", "0857-3641-2290"),
    ("Ahmad Ma'ruf Hidayat, S.Kom.", "19900115 201503 1 002", "+62 813-3012-4455"),
    ("Dwi Retno Anggraeni, S.H.", "19880305 201101 2 008", "(0352) 481737"),
    ("Ir. Suharto Wibisono", "19700830 199703 1 003", "0821-4000-1212"),
]


def run(*args: str) -> None:
    result = CliRunner().invoke(cli, list(args))
    if result.exit_code != 0:
        raise SystemExit(f"sopgen {' '.join(args)} failed:\n{result.output}")


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="sopgen-picture-") as scratch:
        os.chdir(scratch)  # a project folder: templates/config.toml and output/ where the clerk has them
        write_confirmed_config(Path("templates/config.toml"))
        members = [member(i, nama=n, nip=nip, telepon=t) for i, (n, nip, t) in enumerate(PEOPLE, start=1)]
        sheet = write_members(Path("input/usulan_pokja.xlsx"), members)
        nips = [nip.replace(" ", "") for _, nip, _ in PEOPLE]
        run("letters", str(sheet), "--date", "2026-11-24", "--no-attachments")
        for step, day in (("2", "2026-11-25"), ("3", "2026-11-26")):
            run("catat", step, *nips, "--tanggal", day)
        run("catat", "4", nips[0], "--tanggal", "2026-11-27")
        run("kirim")
        [page] = Path("output").glob("2026/*/slip_kata_sandi/kirim.html")
        with Browser(page) as browser:
            browser.evaluate("document.addEventListener('click', e => e.target.closest('a') && e.preventDefault())")
            browser.evaluate(f"document.querySelector('tr[data-nip=\"{nips[1]}\"] a.wa').click()")
            height = max(768, browser.evaluate("document.documentElement.scrollHeight"))  # the whole page
            browser.call("Emulation.setDeviceMetricsOverride", width=1366, height=height, deviceScaleFactor=1,
                         mobile=False)
            shot = browser.call("Page.captureScreenshot", format="png")["data"]
        TARGET.parent.mkdir(parents=True, exist_ok=True)
        TARGET.write_bytes(base64.b64decode(shot))
        os.chdir(REPO)
    print(f"written {TARGET}")


if __name__ == "__main__":
    main()
