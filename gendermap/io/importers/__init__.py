"""Read and check indicator files that people bring: TÜİK MEDAS exports, the tidy
CSV/XLSX template, GeoJSON/GeoPackage/shapefiles, and zip archives of those.

Why so defensive: the files come from municipal spreadsheets and browser downloads.
They use ";" separators and decimal commas, arrive in UTF-8, UTF-8 with BOM or
Windows-1254, carry duplicates, typos in mahalle names, counts that cannot be, and
sometimes hostile content (``<script>`` in a name, zip entries pointing outside the
archive). Nothing here raises on bad content: every file gives accepted tidy rows plus
a problems table (:mod:`gendermap.problems`) in which every rejected row appears with
its reason in Turkish and English.

Accepted rows follow the import contract (docs/architecture.md):
``mahalle_code, indicator, year, sex, numerator, denominator, value``. ``value`` is
stored as the rates module computes it: a proportion for ``percent`` (the template's
``value`` column is in percent, 0-100, as people write it), per person for
``per_1000``; for ``count`` indicators the count is the numerator.

The package is split by the reason a part changes: one reader per format
(:mod:`.text`, :mod:`.workbook` over :mod:`.sheets` for XLS/XLSX, :mod:`.medas_rows` over
:mod:`gendermap.io.medas`, :mod:`.geo`, :mod:`.archive`), :mod:`.cells` (numbers in cells,
parsed by :mod:`gendermap.numbers`), :mod:`.rules` (what a row must obey),
:mod:`.crosscheck` (checks across rows), :mod:`.codes` and :mod:`.reference` (the mahalle
the project knows), :mod:`.limits` (bounded resources for every incoming file),
:mod:`.api` (entry points) and :mod:`.template`. Text is decoded by
:mod:`gendermap.decoding`, the one decoder of the project.
"""

from gendermap.io.importers.api import MAX_BYTES, validate_bytes, validate_file
from gendermap.io.importers.reference import MahalleReference, load_reference
from gendermap.io.importers.result import TIDY_COLUMNS, ImportResult
from gendermap.io.importers.template import (
    TEMPLATE_COLUMNS,
    template_frame,
    write_template_csv,
    write_template_xlsx,
)

__all__ = [
    "MAX_BYTES",
    "TEMPLATE_COLUMNS",
    "TIDY_COLUMNS",
    "ImportResult",
    "MahalleReference",
    "load_reference",
    "template_frame",
    "validate_bytes",
    "validate_file",
    "write_template_csv",
    "write_template_xlsx",
]
