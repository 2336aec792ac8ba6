"""Reading a registry export (CSV or XLSX) into rows of named cells, streaming, with clear refusals.

A row is (its number as a spreadsheet shows it, {column code: raw value}). Column headers may be the
codes or their Russian and English names; the order does not matter.
"""

import csv
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

from django.utils.translation import gettext as _

from cspdesk.core.errors import Invalid
from cspdesk.registry.error_codes import RegistryErrorCode

# column code → the header spellings accepted (compared after normalising case, ё and separators)
COLUMNS: dict[str, tuple[str, ...]] = {
    "partner_login": ("partner_login", "partner", "reseller_login", "логин_партнера", "партнер_логин"),
    "partner_name": ("partner_name", "reseller", "reseller_name", "партнер", "название_партнера"),
    "partner_mpn_id": ("partner_mpn_id", "mpn_id", "partner_id", "reseller_mpn_id"),
    "customer_name": ("customer_name", "customer", "company_name", "клиент", "название_клиента"),
    "tenant_id": ("tenant_id", "microsoft_id", "customer_tenant_id", "идентификатор_тенанта"),
    "primary_domain": ("primary_domain", "tenant_domain", "domain", "домен_тенанта", "основной_домен"),
    "domains": ("domains", "verified_domains", "custom_domains", "домены", "подтвержденные_домены"),
    "subscription_id": ("subscription_id", "id_подписки", "идентификатор_подписки"),
    "offer_id": ("offer_id", "id_предложения"),
    "offer_name": ("offer_name", "offer", "product_name", "предложение", "подписка"),
    "product": ("product", "продукт"),
    "quantity": ("quantity", "licenses", "количество", "лицензии"),
    "status": ("status", "статус"),
    "start_date": ("start_date", "effective_start_date", "дата_начала"),
    "end_date": ("end_date", "commitment_end_date", "дата_окончания"),
    "agreement_number": ("agreement_number", "agreement", "номер_соглашения"),
}
REQUIRED = (
    "customer_name",
    "tenant_id",
    "primary_domain",
    "subscription_id",
    "offer_name",
    "quantity",
    "status",
)
_XLSX_MAGIC = b"PK\x03\x04"


class ImportRefused(Invalid):
    """The file as a whole cannot be read; nothing is written."""


def _normalise(header: str) -> str:
    text = str(header or "").strip().lower().replace("ё", "е")
    for separator in (" ", "-", "."):
        text = text.replace(separator, "_")
    return text


_ALIASES = {_normalise(alias): code for code, aliases in COLUMNS.items() for alias in aliases}


def header_map(headers: list) -> dict[int, str]:
    """Column position → code. Refuses a file that lacks a required column or names one twice."""
    mapping: dict[int, str] = {}
    for position, header in enumerate(headers):
        code = _ALIASES.get(_normalise(header))
        if code is None:
            continue
        if code in mapping.values():
            raise ImportRefused(
                RegistryErrorCode.DUPLICATE_COLUMN,
                _("The column “%(column)s” appears twice.") % {"column": header},
            )
        mapping[position] = code
    missing = [code for code in REQUIRED if code not in mapping.values()]
    if not ({"partner_login", "partner_mpn_id"} & set(mapping.values())):
        missing.append("partner_login")
    if missing:
        raise ImportRefused(
            RegistryErrorCode.MISSING_COLUMNS,
            _(
                "The file lacks the required columns: %(columns)s. The first row must name the columns; "
                "see %(doc)s."
            )
            % {"columns": ", ".join(missing), "doc": "docs/registry.md"},
        )
    return mapping


def _named(mapping: dict[int, str], values) -> dict:
    return {code: values[position] if position < len(values) else None for position, code in mapping.items()}


def _csv_rows(path: Path, encoding: str) -> Iterator[tuple[int, dict]]:
    with path.open("rb") as raw:
        text = io.TextIOWrapper(raw, encoding=encoding, errors="strict", newline="")
        line = 1
        try:
            sample = text.read(64 * 1024)
            try:
                dialect = csv.Sniffer().sniff(sample.split("\n", 1)[0], delimiters=",;\t")
            except csv.Error:
                dialect = csv.excel
            text.seek(0)
            reader = csv.reader(text, dialect)
            header = next(reader, None)
            if not header:
                raise ImportRefused(RegistryErrorCode.EMPTY_FILE, _("The file is empty."))
            mapping = header_map(header)
            for values in reader:
                line = reader.line_num
                if any(cell.strip() for cell in values):
                    yield line, _named(mapping, values)
        except UnicodeDecodeError:
            raise ImportRefused(
                RegistryErrorCode.WRONG_ENCODING,
                _(
                    "The file is not valid %(encoding)s text (near row %(row)s). Save it as UTF-8, or give "
                    "its encoding: --encoding cp1251."
                )
                % {"encoding": encoding, "row": line + 1},
            ) from None
        except csv.Error as error:
            raise ImportRefused(
                RegistryErrorCode.MALFORMED_CSV,
                _("Row %(row)s is not valid CSV: %(reason)s") % {"row": line + 1, "reason": error},
            ) from None


def _xlsx_rows(path: Path) -> Iterator[tuple[int, dict]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise ImportRefused(
            RegistryErrorCode.UNREADABLE_XLSX,
            _("The file is not a readable XLSX workbook: %(reason)s") % {"reason": error},
        ) from None
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        mapping = None
        for number, values in enumerate(rows, start=1):
            if not any(value not in (None, "") for value in values):
                continue
            if mapping is None:
                mapping = header_map(list(values))
                continue
            yield number, _named(mapping, values)
        if mapping is None:
            raise ImportRefused(RegistryErrorCode.EMPTY_FILE, _("The file is empty."))
    finally:
        workbook.close()


def read_rows(path: Path, *, encoding: str = "utf-8-sig", max_bytes: int) -> Iterator[tuple[int, dict]]:
    if not path.is_file():
        raise ImportRefused(RegistryErrorCode.NO_FILE, _("There is no file “%(path)s”.") % {"path": path})
    size = path.stat().st_size
    if size > max_bytes:
        raise ImportRefused(
            RegistryErrorCode.FILE_TOO_LARGE,
            _(
                "The file is %(size)s MB; the limit is %(limit)s MB (CSPDESK_IMPORT_MAX_MB). "
                "Split the export by partner or raise the limit."
            )
            % {"size": round(size / 2**20), "limit": round(max_bytes / 2**20)},
        )
    with path.open("rb") as probe:
        is_xlsx = probe.read(4) == _XLSX_MAGIC
    if is_xlsx or path.suffix.lower() in (".xlsx", ".xlsm"):
        return _xlsx_rows(path)
    return _csv_rows(path, encoding)
